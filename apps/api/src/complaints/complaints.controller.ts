import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiCommandResponses } from '../openapi/api-responses';
import { COMPLAINT_EXAMPLES } from '../openapi/request-examples';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { recordComplaintCommand } from './record-complaint.command';
import { RecordComplaintRequest } from './record-complaint.request';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTrace } from '../http/request-trace';
import type { CommandTrace } from '@app/recipients';

@ApiTags('events')
@RequireScope('ingest')
@Controller('v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: CommandResponder,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'recordComplaint',
    summary: 'Record a spam complaint; answers with the recipient status it leads to',
  })
  @ApiBody({ type: RecordComplaintRequest, examples: COMPLAINT_EXAMPLES })
  @ApiCommandResponses()
  async record(
    @Body() request: RecordComplaintRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
    @RequestTrace() trace: CommandTrace,
  ): Promise<CommandResponse> {
    return this.responder.respond(
      await this.commandBus.execute(new ExecuteRecipientCommand(recordComplaintCommand(request), actor, trace)),
      reply,
    );
  }
}
