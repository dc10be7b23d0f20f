import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import type { RecordCorrectionRequest } from './record-correction.request';

export class RecordCorrectionCommand extends Command<CommandOutcome> {
  constructor(readonly request: RecordCorrectionRequest) {
    super();
  }
}
