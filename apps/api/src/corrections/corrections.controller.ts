import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiCommandResponses } from '../openapi/api-responses';
import { CORRECTION_EXAMPLES } from '../openapi/request-examples';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { recordCorrectionCommand } from './record-correction.command';
import { RecordCorrectionRequest } from './record-correction.request';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTrace } from '../http/request-trace';
import type { CommandTrace } from '@app/recipients';

@ApiTags('events')
@RequireScope('ingest')
@Controller('v1/corrections')
export class CorrectionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: CommandResponder,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'recordCorrection',
    summary: 'Record that an address was corrected; restores a suppressed or quarantined recipient',
  })
  @ApiBody({ type: RecordCorrectionRequest, examples: CORRECTION_EXAMPLES })
  @ApiCommandResponses()
  async record(
    @Body() request: RecordCorrectionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
    @RequestTrace() trace: CommandTrace,
  ): Promise<CommandResponse> {
    return this.responder.respond(
      await this.commandBus.execute(new ExecuteRecipientCommand(recordCorrectionCommand(request), actor, trace)),
      reply,
    );
  }
}
