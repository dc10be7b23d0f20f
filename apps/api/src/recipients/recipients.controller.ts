import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiJson, ApiProblems, PATH_PROBLEMS } from '../openapi/api-responses';
import type { RecipientHistoryPage } from './history.query-params';
import { HistoryParams, historyPage } from './history.query-params';
import { GetRecipientHistoryQuery, GetRecipientQuery } from './recipient-queries';
import type { RecipientHistoryResponse, RecipientStateResponse } from './recipient.responses';
import { RequireScope } from '../auth/scope.decorators';

const ADDRESS = ApiParam({ name: 'address', example: 'jane@example.com', description: 'Percent-encoded' });
const NO_EVENTS = { 404: 'No events are recorded for this address' };

@ApiTags('recipients')
@RequireScope('support')
@Controller('v1/recipients')
export class RecipientsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':address')
  @ApiOperation({
    operationId: 'getRecipient',
    summary: 'Full state: status, the soft-bounce run, last delivery, policy, stream revision',
  })
  @ADDRESS
  @ApiJson(200, 'RecipientState', 'The state under the policy in force, now')
  @ApiProblems([...PATH_PROBLEMS, 404], NO_EVENTS)
  get(@Param('address') address: string): Promise<RecipientStateResponse> {
    return this.queryBus.execute(new GetRecipientQuery(address));
  }

  @Get(':address/history')
  @ApiOperation({
    operationId: 'getRecipientHistory',
    summary: 'Audit: every event with the status before and after, in plain language, oldest first, paged',
  })
  @ADDRESS
  @ApiJson(200, 'RecipientHistory', 'One page of events; `nextAfter` continues it')
  @ApiProblems([...PATH_PROBLEMS, 404], NO_EVENTS)
  async history(@Param('address') address: string, @Query() params: HistoryParams): Promise<RecipientHistoryPage> {
    const history: RecipientHistoryResponse = await this.queryBus.execute(new GetRecipientHistoryQuery(address));
    return historyPage(history, params);
  }
}
