import { Module } from '@nestjs/common';
import { ExecuteRecipientCommandsHandler } from '../batch/execute-recipient-commands.handler';
import { ExecuteRecipientCommandHandler } from './execute-recipient-command.handler';
import { GetRecipientHandler, GetRecipientHistoryHandler } from './recipient-query.handlers';
import { RecipientsController } from './recipients.controller';

export const commandHandlers = [ExecuteRecipientCommandHandler, ExecuteRecipientCommandsHandler];
export const queryHandlers = [GetRecipientHandler, GetRecipientHistoryHandler];

@Module({ controllers: [RecipientsController], providers: [...commandHandlers, ...queryHandlers] })
export class RecipientsModule {}
