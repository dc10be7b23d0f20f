import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import { normalisedAddress } from '../recipients/normalised-address';
import { RecordCorrectionCommand } from './record-correction.command';

@CommandHandler(RecordCorrectionCommand)
export class RecordCorrectionHandler implements ICommandHandler<RecordCorrectionCommand> {
  constructor(private readonly loop: RecipientCommandLoop) {}

  execute({ request }: RecordCorrectionCommand): Promise<CommandOutcome> {
    const { by, note, occurredAt, eventId, previousAddress } = request;
    return this.loop.execute({
      type: 'RecordCorrection',
      address: normalisedAddress(request.address),
      by,
      note,
      occurredAt,
      eventId,
      previousAddress:
        previousAddress === undefined ? undefined : normalisedAddress(previousAddress, 'previousAddress'),
    });
  }
}
