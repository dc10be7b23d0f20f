import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import type { RevertRestorationRequest } from './revert-restoration.request';

export class RevertRestorationCommand extends Command<CommandOutcome> {
  constructor(
    readonly restorationId: string,
    readonly request: RevertRestorationRequest,
  ) {
    super();
  }
}
