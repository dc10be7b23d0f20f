import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '@app/recipients';
import { RecipientCommandLoop } from '@app/recipients';
import { actingFor } from '../auth/acting-for';
import { currentTrace } from '../http/request-trace';
import { alreadyRevertedRejection } from '../restorations/already-reverted';
import { ExecuteRecipientCommand } from './execute-recipient-command';

@CommandHandler(ExecuteRecipientCommand)
export class ExecuteRecipientCommandHandler implements ICommandHandler<ExecuteRecipientCommand> {
  constructor(private readonly loop: RecipientCommandLoop) {}

  async execute({ command: requested, actor, trace }: ExecuteRecipientCommand): Promise<CommandOutcome> {
    const command = actingFor(requested, actor);
    const outcome = await this.loop.execute(command, actor, trace ?? currentTrace());
    const { decision } = outcome;
    if (command.type !== 'RevertRestoration' || decision.outcome !== 'rejected' || decision.code !== 'conflict') {
      return outcome;
    }
    // Only a refused revert pays for reading the stream: the log, not a read model that may trail it, says who.
    const events = await this.loop.readStream(this.loop.streamIdOf(command.address));
    return { ...outcome, decision: alreadyRevertedRejection(events, command.restorationId) ?? decision };
  }
}
