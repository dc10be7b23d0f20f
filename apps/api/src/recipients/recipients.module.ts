import { Module } from '@nestjs/common';
import { ExecuteRecipientCommandHandler } from './execute-recipient-command.handler';
import { GetRecipientHandler, GetRecipientHistoryHandler } from './recipient-query.handlers';
import { RecipientsController } from './recipients.controller';

export const commandHandlers = [ExecuteRecipientCommandHandler];
export const queryHandlers = [GetRecipientHandler, GetRecipientHistoryHandler];

@Module({ controllers: [RecipientsController], providers: [...commandHandlers, ...queryHandlers] })
export class RecipientsModule {}
