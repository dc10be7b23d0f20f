import { Command } from '@nestjs/cqrs';
import type { RecipientCommand } from '@app/domain';
import type { CommandOutcome } from '@app/recipients';

/**
 * The one Nest command: it carries the domain's command, so every entry point (an endpoint, the batch, a webhook)
 * maps its own input to a `RecipientCommand` and sends it through the same handler.
 */
export class ExecuteRecipientCommand extends Command<CommandOutcome> {
  constructor(readonly command: RecipientCommand) {
    super();
  }
}
