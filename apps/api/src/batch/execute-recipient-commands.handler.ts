import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '@app/recipients';
import { RecipientCommandLoop } from '@app/recipients';
import { actingFor } from '../auth/acting-for';
import { currentTrace } from '../http/request-trace';
import { ExecuteRecipientCommands } from './execute-recipient-commands';

@CommandHandler(ExecuteRecipientCommands)
export class ExecuteRecipientCommandsHandler implements ICommandHandler<ExecuteRecipientCommands> {
  constructor(private readonly loop: RecipientCommandLoop) {}

  execute({ commands, actor }: ExecuteRecipientCommands): Promise<(CommandOutcome | Error)[]> {
    return this.loop.executeAll(
      commands.map((command) => actingFor(command, actor)),
      actor,
      currentTrace(),
    );
  }
}
