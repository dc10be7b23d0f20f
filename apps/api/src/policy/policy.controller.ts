import { PassThrough } from 'node:stream';
import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Policy, PolicyDocument } from '@app/domain';
import { parsePolicy } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import { toProblem } from '../http/problem-details.filter';
import { ApiJson, ApiProblems, BODY_PROBLEMS } from '../openapi/api-responses';
import { CANDIDATE_POLICY_EXAMPLES } from '../openapi/request-examples';
import { ref } from '../openapi/schema-ref';
import { CurrentPolicy } from '@app/recipients';
import { SimulatePolicyQuery } from './simulate-policy.query';
import type { RecipientChange, SimulationReport } from '@app/replay';
import { SimulationParams } from './simulation.query-params';
import type { SimulationSlot } from './simulation-slots';
import { SimulationsBusyError, SimulationSlots } from './simulation-slots';
import { RequireScope } from '../auth/scope.decorators';

/** The JSON answer lists this many changed recipients at most; `format=ndjson` streams all of them. */
export const MAX_LISTED_CHANGES = 1000;

export interface SimulationResponse extends SimulationReport {
  changes: RecipientChange[];
  /** Changed recipients left out of `changes` (see `format=ndjson`). */
  changesOmitted: number;
}

@ApiTags('policy')
@RequireScope('policy')
@Controller('v1/policy')
export class PolicyController {
  constructor(
    private readonly policy: CurrentPolicy,
    private readonly queryBus: QueryBus,
    private readonly slots: SimulationSlots,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getPolicy', summary: 'The policy in force' })
  @ApiJson(200, 'PolicyDocument', 'The policy document in force')
  current(): PolicyDocument {
    return this.policy.get().document;
  }

  @Post('simulations')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'simulatePolicy',
    summary: 'Replay all history under a candidate policy: totals, transitions and who would change',
  })
  @ApiBody({
    description: 'The candidate policy document, as GET /v1/policy shows it; sections left out take their defaults',
    schema: ref('CandidatePolicyDocument'),
    examples: CANDIDATE_POLICY_EXAMPLES,
  })
  @ApiResponse({
    status: 200,
    description: 'json: the report and at most 1,000 changes; ndjson: one line per change, then the report line',
    content: {
      'application/json': { schema: ref('SimulationResponse') },
      'application/x-ndjson': { schema: ref('SimulationLine') },
    },
  })
  @ApiProblems(BODY_PROBLEMS, { 400: 'The candidate policy or the format is invalid (every field named)' })
  async simulate(@Body() body: unknown, @Query() params: SimulationParams, @Res() reply: FastifyReply): Promise<void> {
    const candidate = candidatePolicy(body);
    const slot = this.takeSlot(reply);
    if (params.format === 'ndjson') {
      this.stream(candidate, reply, slot);
      return;
    }
    const changes: RecipientChange[] = [];
    const report = await this.queryBus
      .execute(
        new SimulatePolicyQuery(
          candidate,
          (change) => {
            if (changes.length < MAX_LISTED_CHANGES) {
              changes.push(change);
            }
          },
          undefined,
          slot.workers,
        ),
      )
      .finally(() => slot.release());
    const response: SimulationResponse = { ...report, changes, changesOmitted: report.totals.changed - changes.length };
    await reply.send(response);
  }

  /** One `change` line per changed recipient as it is found, then the `report` line; a client that leaves stops it. */
  private stream(candidate: Policy, reply: FastifyReply, slot: SimulationSlot): void {
    const lines = new PassThrough();
    const stop = new AbortController();
    reply.raw.once('close', () => stop.abort());
    void reply.type('application/x-ndjson').send(lines);
    const write = (line: object): void => {
      lines.write(`${JSON.stringify(line)}\n`);
    };
    this.queryBus
      .execute(
        new SimulatePolicyQuery(candidate, (change) => write({ type: 'change', ...change }), stop.signal, slot.workers),
      )
      .then(
        (report) => write({ type: 'report', ...report }),
        // The status line is gone by now: the failure becomes the last line.
        (error: unknown) => write({ type: 'error', problem: toProblem(error) }),
      )
      .finally(() => {
        slot.release();
        lines.end();
      });
  }

  /** A simulation slot, or the 429 (with Retry-After) that says every slot is taken. */
  private takeSlot(reply: FastifyReply): SimulationSlot {
    try {
      return this.slots.acquire();
    } catch (error) {
      if (error instanceof SimulationsBusyError) {
        void reply.header('retry-after', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }
}

function candidatePolicy(body: unknown): Policy {
  const parsed = parsePolicy(body);
  if (!parsed.ok) {
    const fields = parsed.errors.map((error) => error.field).join(', ');
    throw ProblemError.badRequest(`Invalid candidate policy: ${fields}`, parsed.errors);
  }
  return parsed.policy;
}
