import { Command } from '@nestjs/cqrs';
import type { RecipientCommand } from '@app/domain';
import type { CommandOutcome, CommandTrace } from '@app/recipients';
import type { Actor } from '../auth/actor';

/**
 * The one Nest command: it carries the domain's command, so every entry point (an endpoint, the batch, a webhook)
 * maps its own input to a `RecipientCommand` and sends it through the same handler. The actor is the request's token
 * (the controller passes it along); a provider's webhook or a bounce mail has none. The trace is the request's when
 * the controller passes it (`@RequestTrace()`); without it the handler takes the request trace's async context.
 */
export class ExecuteRecipientCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: RecipientCommand,
    readonly actor?: Actor,
    readonly trace?: CommandTrace,
  ) {
    super();
  }
}
