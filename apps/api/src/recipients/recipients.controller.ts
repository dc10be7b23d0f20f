import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetRecipientHistoryQuery, GetRecipientQuery } from './recipient-queries';
import type { RecipientHistoryResponse, RecipientStateResponse } from './recipient.responses';

@ApiTags('recipients')
@Controller('v1/recipients')
export class RecipientsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':address')
  @ApiOperation({ summary: 'Full state: status, the soft-bounce run, last delivery, policy, stream revision' })
  get(@Param('address') address: string): Promise<RecipientStateResponse> {
    return this.queryBus.execute(new GetRecipientQuery(address));
  }

  @Get(':address/history')
  @ApiOperation({ summary: 'Audit: every event with the status before and after, in plain language' })
  history(@Param('address') address: string): Promise<RecipientHistoryResponse> {
    return this.queryBus.execute(new GetRecipientHistoryQuery(address));
  }
}
