import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import type { SuppressManuallyRequest } from './suppress-manually.request';

export class SuppressManuallyCommand extends Command<CommandOutcome> {
  constructor(readonly request: SuppressManuallyRequest) {
    super();
  }
}
