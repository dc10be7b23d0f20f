import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecipientCommand } from '@app/domain';
import type { IntakeCommand, IntakeOutcome } from '@app/intake';
import type { CommandOutcome } from '@app/recipients';
import { Clock, CurrentPolicy } from '@app/recipients';
import type { Actor } from '../auth/actor';
import { inputShapeProblems } from '../http/input-shape';
import { ProblemError } from '../http/problem-details';
import { withCausation } from '../http/request-trace';
import { toCommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import type { IntakeItemResult } from './intake-item-result';
import { recipientCommandOf } from './intake-recipient-command';

interface PendingCommand {
  index: number;
  intake: IntakeCommand;
  command: RecipientCommand;
}

/**
 * Records what a webhook or a bounce mail says through the same `ExecuteRecipientCommand` every endpoint sends. One
 * result per outcome, in order: an item that cannot be read or is refused by the domain is that item's `invalid`
 * and never stops the others. Items of one recipient run in order; different recipients run concurrently.
 */
@Injectable()
export class IntakeRecorder {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  /** `actor`: the token the outcomes came with (inbound mail); a provider's webhook has none. */
  async record(outcomes: readonly IntakeOutcome[], actor?: Actor): Promise<IntakeItemResult[]> {
    const results = new Array<IntakeItemResult>(outcomes.length);
    const byRecipient = new Map<string, PendingCommand[]>();
    outcomes.forEach((outcome, index) => {
      if (outcome.kind === 'ignored') {
        results[index] = withAddress({ index, result: 'ignored', reason: outcome.reason }, outcome.address);
        return;
      }
      if (outcome.kind === 'invalid') {
        results[index] = { index, result: 'invalid', field: outcome.field, message: outcome.message };
        return;
      }
      // Provider payloads bypass the JSON pipe's check: text a store cannot hold would poison the projection.
      const unstorable = inputShapeProblems(outcome)[0];
      if (unstorable !== undefined) {
        results[index] = withAddress(
          { index, result: 'invalid', field: unstorable.field, message: unstorable.message },
          outcome.address,
        );
        return;
      }
      try {
        const command = recipientCommandOf(outcome);
        const queue = byRecipient.get(command.address) ?? [];
        queue.push({ index, intake: outcome, command });
        byRecipient.set(command.address, queue);
      } catch (error) {
        results[index] = invalidItem(index, error, outcome.address);
      }
    });
    await Promise.all(
      [...byRecipient.values()].map(async (queue) => {
        for (const pending of queue) {
          results[pending.index] = await this.run(pending, actor);
        }
      }),
    );
    return results;
  }

  private async run({ index, intake, command }: PendingCommand, actor: Actor | undefined): Promise<IntakeItemResult> {
    // The provider's message id caused what is recorded: it traces an event back to the notification it came in.
    const outcome: CommandOutcome = await withCausation(intake.messageId, () =>
      this.commandBus.execute(new ExecuteRecipientCommand(command, actor)),
    );
    const { decision } = outcome;
    const address = outcome.recipient.state.address ?? command.address;
    if (decision.outcome === 'rejected') {
      return { index, result: 'invalid', address, field: decision.field ?? 'address', message: decision.message };
    }
    const { body } = toCommandResponse(outcome, address, this.policy.get(), this.clock.now());
    const result: IntakeItemResult = {
      index,
      result: decision.outcome === 'duplicate' ? 'duplicate' : decision.outcome === 'recorded' ? 'recorded' : 'ignored',
      kind: intake.kind,
      address,
      eventId: decision.eventId,
      status: body.status,
      suppressed: body.suppressed,
      position: body.position,
    };
    // A delivery that changes nothing is acknowledged without an append.
    return decision.outcome === 'not_recorded' ? { ...result, reason: decision.reason } : result;
  }
}

function invalidItem(index: number, error: unknown, address: string): IntakeItemResult {
  if (!(error instanceof ProblemError)) {
    throw error;
  }
  return { index, result: 'invalid', address, field: error.errors[0]?.field ?? 'address', message: error.message };
}

function withAddress(result: IntakeItemResult, address: string | undefined): IntakeItemResult {
  return address === undefined ? result : { ...result, address };
}
