import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPolicy } from '@app/recipients';
import { Clock } from '@app/recipients';
import type { CommandResponse } from './command-response';
import { toCommandResponse } from './command-response';
import type { CommandOutcome } from '@app/recipients';

/** Names the answer's log position, for a caller that passes headers on rather than reading the body. */
export const POSITION_HEADER = 'recipient-state-position';

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
    void reply.status(httpStatus).header(POSITION_HEADER, body.position);
    return body;
  }
}
