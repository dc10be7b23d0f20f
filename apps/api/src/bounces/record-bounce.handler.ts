import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import { normalisedAddress } from '../recipients/normalised-address';
import { RecordBounceCommand } from './record-bounce.command';

@CommandHandler(RecordBounceCommand)
export class RecordBounceHandler implements ICommandHandler<RecordBounceCommand> {
  constructor(private readonly loop: RecipientCommandLoop) {}

  execute({ request }: RecordBounceCommand): Promise<CommandOutcome> {
    const { occurredAt, eventId, messageId, source, smtp, providerVerdict, dsnStatus } = request;
    return this.loop.execute({
      type: 'RecordBounce',
      address: normalisedAddress(request.address),
      occurredAt,
      eventId,
      messageId,
      source,
      smtp: smtp === undefined ? undefined : { ...smtp },
      providerVerdict: providerVerdict === undefined ? undefined : { ...providerVerdict },
      dsnStatus,
    });
  }
}
