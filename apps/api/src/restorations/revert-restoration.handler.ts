import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { ReadModelStore } from '@app/read-model';
import { ProblemError } from '../http/problem-details';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import { READ_MODEL } from '../stores/tokens';
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
    return this.loop.execute({
      type: 'RevertRestoration',
      address: restoration.address,
      restorationId,
      by: request.by,
      note: request.note,
    });
  }
}
