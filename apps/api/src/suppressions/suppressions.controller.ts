import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RouteSchema } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import type { Page } from '@app/read-model';
import { ReadAfter } from '../consistency/read-after.guard';
import { recordCorrectionCommand } from '../corrections/record-correction.command';
import { ProblemError } from '../http/problem-details';
import { ApiCommandResponses, ApiJson, ApiProblems, BODY_PROBLEMS, QUERY_PROBLEMS } from '../openapi/api-responses';
import { CHECK_EXAMPLES, LIFT_EXAMPLES, SUPPRESS_EXAMPLES } from '../openapi/request-examples';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { checkAnswerJson } from './check-suppressions.answer';
import { CHECK_SUPPRESSIONS_SCHEMA, CheckSuppressionsRequest, screenAddresses } from './check-suppressions.request';
import { LiftSuppressionParams, LiftSuppressionRequest, suppressionLift } from './lift-suppression.request';
import { ListSuppressionsParams, suppressionListFilter } from './list-suppressions.query-params';
import { suppressManuallyCommand } from './suppress-manually.command';
import { SuppressManuallyRequest } from './suppress-manually.request';
import { CheckSuppressionsQuery, GetSuppressionQuery, ListSuppressionsQuery } from './suppression-queries';
import type { SuppressionResponse } from './suppression.response';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTraceInterceptor } from '../http/request-trace';

const ADDRESS = ApiParam({ name: 'address', example: 'jane@example.com', description: 'Percent-encoded' });

@ApiTags('suppressions')
@Controller('v1')
export class SuppressionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly responder: CommandResponder,
  ) {}

  @Delete('suppressions/:address')
  @UseInterceptors(RequestTraceInterceptor)
  @RequireScope('support')
  @ApiOperation({
    operationId: 'liftSuppression',
    summary: 'Lift a suppression or quarantine, as a correction does; recorded with who and why',
    description:
      'Recorded as an address correction by `by` (default `api`), so the audit and `GET /v1/restorations` show ' +
      'the restoration, which can be reverted. `by`, `note` and `liftComplaint` come in an optional JSON body or ' +
      'as query parameters. 404 when the address is not suppressed now (as SES answers), 409 when a complaint ' +
      'suppresses it and `liftComplaint` is not true.',
  })
  @ADDRESS
  @ApiBody({ type: LiftSuppressionRequest, required: false, examples: LIFT_EXAMPLES })
  @ApiCommandResponses([404, 414], {
    created: 'Lifted; the recipient status now',
    ok: 'Lifted by the same correction a moment ago (a concurrent repeat): nothing appended',
    problems: {
      404: 'The address is not suppressed or quarantined now',
      409: 'A complaint suppresses the address and liftComplaint is not true',
    },
  })
  async lift(
    @Param('address') address: string,
    @Query() params: LiftSuppressionParams,
    @Body() body: LiftSuppressionRequest | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
  ): Promise<CommandResponse> {
    const lift = suppressionLift(params, body);
    const current: SuppressionResponse = await this.queryBus.execute(new GetSuppressionQuery(address));
    if (!current.suppressed) {
      throw ProblemError.notFound(`${current.address} is not suppressed`, 'address');
    }
    if (current.cause === 'complaint' && !lift.liftComplaint) {
      throw ProblemError.conflict(
        `${current.address} is suppressed because the recipient complained; send liftComplaint=true to override it`,
        'liftComplaint',
      );
    }
    const command = recordCorrectionCommand({ address: current.address, ...lift });
    return this.responder.respond(await this.commandBus.execute(new ExecuteRecipientCommand(command, actor)), reply);
  }

  @Post('suppressions::check')
  @RouteSchema(CHECK_SUPPRESSIONS_SCHEMA)
  @RequireScope('check')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'checkSuppressions',
    summary: 'Check up to 10,000 addresses at once; results in request order',
    description:
      'A malformed address does not fail the request: its result is `{ address (as sent), status: "invalid", ' +
      'suppressed: true, reason }`, since nothing can be sent to it.',
  })
  @ApiBody({ type: CheckSuppressionsRequest, examples: CHECK_EXAMPLES })
  @ApiJson(200, 'CheckResults', 'One result per address, in request order')
  @ApiProblems(BODY_PROBLEMS)
  async check(
    @Body() request: CheckSuppressionsRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const screened = screenAddresses(request.addresses);
    const { lookups } = screened;
    const checked = lookups.length === 0 ? [] : await this.queryBus.execute(new CheckSuppressionsQuery(lookups));
    // Written as bytes, so Fastify sends it as it is: the media type is the one its serialiser would give.
    void reply.type('application/json; charset=utf-8');
    return checkAnswerJson(request.addresses, screened, checked);
  }

  @Get('suppressions')
  @RequireScope('check')
  @ReadAfter()
  @ApiOperation({
    operationId: 'listSuppressions',
    summary:
      'Recipients not sendable now, filtered, oldest decision first, with cursor pagination; an allowlisted one stays ' +
      'listed but answers as a check does (deliverable, `allowlisted: true`)',
  })
  @ApiJson(200, 'SuppressionPage', 'One page; `nextCursor` continues it')
  @ApiProblems(QUERY_PROBLEMS)
  list(@Query() params: ListSuppressionsParams): Promise<Page<SuppressionResponse>> {
    return this.queryBus.execute(new ListSuppressionsQuery(suppressionListFilter(params)));
  }

  @Post('suppressions')
  @UseInterceptors(RequestTraceInterceptor)
  @RequireScope('support')
  @ApiOperation({
    operationId: 'suppressAddress',
    summary: 'Suppress an address by hand (lifted by a correction or DELETE)',
    description:
      '201 when recorded; the same request again (or the same eventId) is 200 and appends nothing; ' +
      'the same eventId with a different payload is 409.',
  })
  @ApiBody({ type: SuppressManuallyRequest, examples: SUPPRESS_EXAMPLES })
  @ApiCommandResponses()
  async suppress(
    @Body() request: SuppressManuallyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
  ): Promise<CommandResponse> {
    return this.responder.respond(
      await this.commandBus.execute(new ExecuteRecipientCommand(suppressManuallyCommand(request), actor)),
      reply,
    );
  }
}
