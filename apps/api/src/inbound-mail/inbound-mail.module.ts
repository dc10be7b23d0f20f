import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { InboundMailController } from './inbound-mail.controller';
import { MailBody } from './mail-body';

/** Raw bounce mail handed over by a mailbox or an MTA pipe. */
@Module({ imports: [WebhooksModule], controllers: [InboundMailController], providers: [MailBody] })
export class InboundMailModule {}
