import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { ReadModelStore } from '@app/read-model';
import { ProblemError } from '../http/problem-details';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import { READ_MODEL } from '../stores/tokens';
import { alreadyRevertedRejection } from './already-reverted';
import { RevertRestorationCommand } from './revert-restoration.command';

@CommandHandler(RevertRestorationCommand)
export class RevertRestorationHandler implements ICommandHandler<RevertRestorationCommand> {
  constructor(
    private readonly loop: RecipientCommandLoop,
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
  ) {}

  async execute({ restorationId, request }: RevertRestorationCommand): Promise<CommandOutcome> {
    const restoration = await this.readModel.getRestoration(restorationId);
    if (restoration === null) {
      throw ProblemError.notFound(`No restoration ${restorationId}`, 'restorationId');
    }
    const outcome = await this.loop.execute({
      type: 'RevertRestoration',
      address: restoration.address,
      restorationId,
      by: request.by,
      note: request.note,
    });
    const { decision } = outcome;
    if (decision.outcome !== 'rejected' || decision.code !== 'conflict') {
      return outcome;
    }
    // Only a refused revert pays for reading the stream: the log, not a read model that may trail it, says who.
    const events = await this.loop.readStream(this.loop.streamIdOf(restoration.address));
    return { ...outcome, decision: alreadyRevertedRejection(events, restorationId) ?? decision };
  }
}
