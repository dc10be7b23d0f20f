import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProblemDetails } from '../http/problem-details';
import { ApiJson, ApiProblems, BODY_PROBLEMS } from '../openapi/api-responses';
import { BATCH_EXAMPLES } from '../openapi/request-examples';
import { toProblem } from '../http/problem-details.filter';
import type { CommandOutcome } from '@app/recipients';
import { Clock, CurrentPolicy } from '@app/recipients';
import type { CommandResponse } from '../recipients/command-response';
import { rejectionProblem, toCommandResponse } from '../recipients/command-response';
import type { ParsedBatchItem } from './batch-item';
import { parseBatchItem } from './batch-item';
import { EVENTS_BATCH_SCHEMA, EventsBatchRequest } from './events-batch.request';
import { ExecuteRecipientCommands } from './execute-recipient-commands';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTraceInterceptor } from '../http/request-trace';

export interface BatchItemResult {
  index: number;
  status: number;
  result?: CommandResponse;
  error?: ProblemDetails;
}

@ApiTags('events')
@RequireScope('ingest')
@UseInterceptors(RequestTraceInterceptor)
@Controller('v1')
export class EventsBatchController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  @Post('events::batch')
  @RouteSchema(EVENTS_BATCH_SCHEMA)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'recordEvents',
    summary: 'Up to 1,000 bounces, deliveries, corrections, complaints and unsubscribes; one result per item, in order',
    description:
      'Each item is answered as its own endpoint would answer it (`status` 201, 200, 400, 404, 409 or 503, with its ' +
      '`result` or `error`); one bad item does not stop the others.',
  })
  @ApiBody({ type: EventsBatchRequest, examples: BATCH_EXAMPLES })
  @ApiJson(200, 'BatchResults', 'One result per item, in request order')
  @ApiProblems(BODY_PROBLEMS)
  async record(
    @Body() request: EventsBatchRequest,
    @RequestActor() actor: Actor,
  ): Promise<{ results: BatchItemResult[] }> {
    const results: BatchItemResult[] = new Array<BatchItemResult>(request.events.length);
    const valid: { index: number; item: ParsedBatchItem }[] = [];
    request.events.forEach((raw, index) => {
      const parsed = parseBatchItem(raw, index);
      if ('command' in parsed) {
        valid.push({ index, item: parsed });
      } else {
        results[index] = { index, status: parsed.status, error: toProblem(parsed) };
      }
    });
    if (valid.length > 0) {
      // Items of one recipient are decided in order and appended together; different recipients share commits.
      const outcomes = await this.commandBus.execute(
        new ExecuteRecipientCommands(
          valid.map(({ item }) => item.command),
          actor,
        ),
      );
      valid.forEach(({ index, item }, position) => {
        results[index] = this.result(index, item, outcomes[position] ?? new Error('The batch gave no outcome'));
      });
    }
    return { results };
  }

  private result(index: number, item: ParsedBatchItem, outcome: CommandOutcome | Error): BatchItemResult {
    let failure: Error;
    if (outcome instanceof Error) {
      failure = outcome;
    } else if (outcome.decision.outcome === 'rejected') {
      // A command the decider refuses is that item's problem alone: the other items keep their results.
      failure = rejectionProblem(outcome.decision);
    } else {
      const address = outcome.recipient.state.address ?? item.address;
      const { httpStatus, body } = toCommandResponse(outcome, address, this.policy.get(), this.clock.now());
      return { index, status: httpStatus, result: body };
    }
    const problem = toProblem(failure);
    // Fields a command names are the item's own: prefixed as validation prefixes them.
    const errors = problem.errors?.map((fault) => ({ ...fault, field: `events[${index}].${fault.field}` }));
    return { index, status: problem.status, error: errors === undefined ? problem : { ...problem, errors } };
  }
}
