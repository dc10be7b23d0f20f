import { Command } from '@nestjs/cqrs';
import type { RecipientCommand } from '@app/domain';
import type { CommandOutcome } from '@app/recipients';
import type { Actor } from '../auth/actor';

/**
 * A batch's commands as one Nest command: each recipient's commands are decided in order and appended together, so
 * the batch pays one append per recipient rather than one per item. Answers each command's outcome, or the error it
 * failed with, in the order given. The actor is the token the batch came with.
 */
export class ExecuteRecipientCommands extends Command<(CommandOutcome | Error)[]> {
  constructor(
    readonly commands: readonly RecipientCommand[],
    readonly actor: Actor,
  ) {
    super();
  }
}
