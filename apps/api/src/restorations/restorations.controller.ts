import { Body, Controller, Get, Inject, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page, ReadModelStore, RestorationRow } from '@app/read-model';
import { ProblemError } from '../http/problem-details';
import { ApiCommandResponses, ApiJson, ApiProblems, QUERY_PROBLEMS } from '../openapi/api-responses';
import { REVERT_EXAMPLES } from '../openapi/request-examples';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { READ_MODEL } from '../stores/tokens';
import { UNNAMED_LIFTER } from '../suppressions/lift-suppression.request';
import { ListRestorationsQuery } from './list-restorations.query';
import { ListRestorationsParams, restorationFilter } from './list-restorations.query-params';
import { RevertRestorationRequest } from './revert-restoration.request';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTraceInterceptor } from '../http/request-trace';

@ApiTags('restorations')
@RequireScope('support')
@Controller('v1/restorations')
export class RestorationsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly responder: CommandResponder,
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listRestorations',
    summary: 'Restorations, by address, state and time, in the order they were made',
  })
  @ApiJson(200, 'RestorationPage', 'One page; `nextCursor` continues it')
  @ApiProblems(QUERY_PROBLEMS)
  list(@Query() params: ListRestorationsParams): Promise<Page<RestorationRow>> {
    return this.queryBus.execute(new ListRestorationsQuery(restorationFilter(params)));
  }

  @Post(':id/revert')
  @UseInterceptors(RequestTraceInterceptor)
  @ApiOperation({
    operationId: 'revertRestoration',
    summary: 'Revert a restoration: the recipient returns to exactly the state before it',
    description:
      'The same revert again is 200 and appends nothing; a different revert of a reverted restoration is 409 ' +
      'saying who reverted it and when.',
  })
  @ApiParam({ name: 'id', description: 'The restorationId' })
  @ApiBody({ type: RevertRestorationRequest, examples: REVERT_EXAMPLES })
  @ApiCommandResponses([404, 414], {
    ok: 'The same revert again: nothing appended',
    problems: {
      404: 'No restoration has this id',
      409: 'The restoration was reverted otherwise, or a later change superseded it',
    },
  })
  async revert(
    @Param('id') id: string,
    @Body() request: RevertRestorationRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
  ): Promise<CommandResponse> {
    // The restoration names the recipient; the revert itself is the recipient's command like any other.
    const restoration = await this.readModel.getRestoration(id);
    if (restoration === null) {
      throw ProblemError.notFound(`No restoration ${id}`, 'restorationId');
    }
    const { by, note } = request;
    const command = {
      type: 'RevertRestoration',
      address: restoration.address,
      restorationId: id,
      by: by ?? UNNAMED_LIFTER,
      note,
    } as const;
    return this.responder.respond(await this.commandBus.execute(new ExecuteRecipientCommand(command, actor)), reply);
  }
}
