import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import type { RecordDeliveryRequest } from './record-delivery.request';

export class RecordDeliveryCommand extends Command<CommandOutcome> {
  constructor(readonly request: RecordDeliveryRequest) {
    super();
  }
}
