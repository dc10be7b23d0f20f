import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import { normalisedAddress } from '../recipients/normalised-address';
import { RecordDeliveryCommand } from './record-delivery.command';

@CommandHandler(RecordDeliveryCommand)
export class RecordDeliveryHandler implements ICommandHandler<RecordDeliveryCommand> {
  constructor(private readonly loop: RecipientCommandLoop) {}

  execute({ request }: RecordDeliveryCommand): Promise<CommandOutcome> {
    const { occurredAt, eventId, messageId, source } = request;
    return this.loop.execute({
      type: 'RecordDelivery',
      address: normalisedAddress(request.address),
      occurredAt,
      eventId,
      messageId,
      source,
    });
  }
}
