import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiCommandResponses } from '../openapi/api-responses';
import { DELIVERY_EXAMPLES } from '../openapi/request-examples';
import { CommandResponder } from '../recipients/command-responder';
import type { CommandResponse } from '../recipients/command-response';
import { ExecuteRecipientCommand } from '../recipients/execute-recipient-command';
import { recordDeliveryCommand } from './record-delivery.command';
import { RecordDeliveryRequest } from './record-delivery.request';
import { RequireScope } from '../auth/scope.decorators';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequestTrace } from '../http/request-trace';
import type { CommandTrace } from '@app/recipients';

@ApiTags('events')
@RequireScope('ingest')
@Controller('v1/deliveries')
export class DeliveriesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: CommandResponder,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'recordDelivery',
    summary: 'Record a successful delivery; it breaks a run of soft bounces',
  })
  @ApiBody({ type: RecordDeliveryRequest, examples: DELIVERY_EXAMPLES })
  @ApiCommandResponses([], {
    ok: 'The same delivery again, or one that could change nothing (`recorded: false`): nothing appended',
  })
  async record(
    @Body() request: RecordDeliveryRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
    @RequestTrace() trace: CommandTrace,
  ): Promise<CommandResponse> {
    return this.responder.respond(
      await this.commandBus.execute(new ExecuteRecipientCommand(recordDeliveryCommand(request), actor, trace)),
      reply,
    );
  }
}
