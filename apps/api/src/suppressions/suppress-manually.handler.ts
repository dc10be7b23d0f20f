import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { normalisedAddress } from '../recipients/normalised-address';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import { SuppressManuallyCommand } from './suppress-manually.command';

@CommandHandler(SuppressManuallyCommand)
export class SuppressManuallyHandler implements ICommandHandler<SuppressManuallyCommand> {
  constructor(private readonly loop: RecipientCommandLoop) {}

  execute({ request }: SuppressManuallyCommand): Promise<CommandOutcome> {
    const { by, note, eventId } = request;
    return this.loop.execute({
      type: 'SuppressManually',
      address: normalisedAddress(request.address),
      by,
      note,
      eventId,
      cause: 'manual',
    });
  }
}
