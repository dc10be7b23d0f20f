import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page } from '@app/read-model';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { CheckSuppressionsRequest, screenAddresses } from './check-suppressions.request';
import { ListSuppressionsParams } from './list-suppressions.query-params';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { suppressManuallyCommand } from './suppress-manually.command';
import { SuppressManuallyRequest } from './suppress-manually.request';
import { CheckSuppressionsQuery, GetSuppressionQuery, ListSuppressionsQuery } from './suppression-queries';
import type { CheckResult, SuppressionResponse } from './suppression.response';
import { inRequestOrder } from './suppression.response';

@ApiTags('suppressions')
@Controller('v1')
export class SuppressionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly responder: CommandResponder,
  ) {}

  @Get('suppressions/:address')
  @ApiOperation({ summary: 'May I send to this address now?' })
  get(@Param('address') address: string): Promise<SuppressionResponse> {
    return this.queryBus.execute(new GetSuppressionQuery(address));
  }

  @Post('suppressions::check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check up to 10,000 addresses at once; results in request order',
    description:
      'A malformed address does not fail the request: its result is `{ address (as sent), status: "invalid", ' +
      'suppressed: true, reason }`, since nothing can be sent to it.',
  })
  async check(@Body() request: CheckSuppressionsRequest): Promise<{ results: CheckResult[] }> {
    const { lookups, invalid } = screenAddresses(request.addresses);
    const answers: SuppressionResponse[] =
      lookups.length === 0 ? [] : await this.queryBus.execute(new CheckSuppressionsQuery(lookups));
    const checked = answers.map(({ address, suppressed, status }) => ({ address, suppressed, status }));
    return { results: inRequestOrder(request.addresses.length, invalid, checked) };
  }

  @Get('suppressions')
  @ApiOperation({ summary: 'Recipients not sendable now, filtered, with cursor pagination' })
  list(@Query() params: ListSuppressionsParams): Promise<Page<SuppressionResponse>> {
    const { limit = 100, ...filter } = params;
    return this.queryBus.execute(new ListSuppressionsQuery({ ...filter, limit }));
  }

  @Post('suppressions')
  @ApiOperation({
    summary: 'Suppress an address by hand (lifted by a correction)',
    description:
      '201 when recorded; the same request again (or the same eventId) is 200 and appends nothing; ' +
      'the same eventId with a different payload is 409.',
  })
  async suppress(
    @Body() request: SuppressManuallyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.responder.respond(
      await this.commandBus.execute(new ExecuteRecipientCommand(suppressManuallyCommand(request))),
      reply,
    );
  }
}
