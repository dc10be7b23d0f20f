import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiCommandResponses } from '../openapi/api-responses';
import { BOUNCE_EXAMPLES } from '../openapi/request-examples';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { recordBounceCommand } from './record-bounce.command';
import { RecordBounceRequest } from './record-bounce.request';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTrace } from '../http/request-trace';
import type { CommandTrace } from '@app/recipients';

@ApiTags('events')
@RequireScope('ingest')
@Controller('v1/bounces')
export class BouncesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: CommandResponder,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'recordBounce',
    summary: 'Record a bounce; answers with the recipient status it leads to',
  })
  @ApiBody({ type: RecordBounceRequest, examples: BOUNCE_EXAMPLES })
  @ApiCommandResponses()
  async record(
    @Body() request: RecordBounceRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
    @RequestTrace() trace: CommandTrace,
  ): Promise<CommandResponse> {
    return this.responder.respond(
      await this.commandBus.execute(new ExecuteRecipientCommand(recordBounceCommand(request), actor, trace)),
      reply,
    );
  }
}
