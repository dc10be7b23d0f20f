import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPolicy } from '@app/recipients';
import { Clock } from '@app/recipients';
import type { CommandResponse } from './command-response';
import { toCommandResponse } from './command-response';
import type { CommandOutcome } from '@app/recipients';

/** Turns a command's outcome into the HTTP answer: the recipient's resulting status, at once. */
@Injectable()
export class CommandResponder {
  constructor(
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  respond(outcome: CommandOutcome, reply: FastifyReply): CommandResponse {
    const address = outcome.recipient.state.address ?? '';
    const { httpStatus, body } = toCommandResponse(outcome, address, this.policy.get(), this.clock.now());
    void reply.status(httpStatus);
    return body;
  }
}
