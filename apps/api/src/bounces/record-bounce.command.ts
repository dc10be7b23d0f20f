import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../recipients/recipient-command-loop';
import type { RecordBounceRequest } from './record-bounce.request';

export class RecordBounceCommand extends Command<CommandOutcome> {
  constructor(readonly request: RecordBounceRequest) {
    super();
  }
}
