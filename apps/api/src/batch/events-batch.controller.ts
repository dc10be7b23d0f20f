import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProblemDetails } from '../http/problem-details';
import { toProblem } from '../http/problem-details.filter';
import type { CommandOutcome } from '@app/recipients';
import { Clock, CurrentPolicy } from '@app/recipients';
import type { CommandResponse } from '../recipients/command-response';
import { toCommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import type { ParsedBatchItem } from './batch-item';
import { parseBatchItem } from './batch-item';
import { EventsBatchRequest } from './events-batch.request';

export interface BatchItemResult {
  index: number;
  status: number;
  result?: CommandResponse;
  error?: ProblemDetails;
}

@ApiTags('events')
@Controller('v1')
export class EventsBatchController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  @Post('events::batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Up to 1,000 bounces, deliveries, corrections, complaints and unsubscribes; one result per item, in order',
  })
  async record(@Body() request: EventsBatchRequest): Promise<{ results: BatchItemResult[] }> {
    const results: BatchItemResult[] = new Array<BatchItemResult>(request.events.length);
    // Items of one recipient run in order; different recipients run concurrently and share commits.
    const byRecipient = new Map<string, { index: number; item: ParsedBatchItem }[]>();
    request.events.forEach((raw, index) => {
      const parsed = parseBatchItem(raw, index);
      if ('command' in parsed) {
        const queue = byRecipient.get(parsed.address) ?? [];
        queue.push({ index, item: parsed });
        byRecipient.set(parsed.address, queue);
      } else {
        results[index] = { index, status: parsed.status, error: toProblem(parsed) };
      }
    });
    await Promise.all(
      [...byRecipient.values()].map(async (queue) => {
        for (const { index, item } of queue) {
          results[index] = await this.run(index, item);
        }
      }),
    );
    return { results };
  }

  private async run(index: number, item: ParsedBatchItem): Promise<BatchItemResult> {
    try {
      const outcome: CommandOutcome = await this.commandBus.execute(new ExecuteRecipientCommand(item.command));
      const address = outcome.recipient.state.address ?? item.address;
      const { httpStatus, body } = toCommandResponse(outcome, address, this.policy.get(), this.clock.now());
      return { index, status: httpStatus, result: body };
    } catch (error) {
      const problem = toProblem(error);
      // Fields a command names are the item's own: prefixed as validation prefixes them.
      const errors = problem.errors?.map((fault) => ({ ...fault, field: `events[${index}].${fault.field}` }));
      return { index, status: problem.status, error: errors === undefined ? problem : { ...problem, errors } };
    }
  }
}
