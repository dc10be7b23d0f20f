import { Module } from '@nestjs/common';
import { GetRecipientHandler, GetRecipientHistoryHandler } from './recipient-query.handlers';
import { RecipientsController } from './recipients.controller';

export const queryHandlers = [GetRecipientHandler, GetRecipientHistoryHandler];

@Module({ controllers: [RecipientsController], providers: [...queryHandlers] })
export class RecipientsModule {}
