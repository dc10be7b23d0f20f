import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { readBounceMail, toIntakeOutcomes } from '@app/intake';
import { Clock } from '@app/recipients';
import { ProblemError } from '../http/problem-details';
import { ApiJson, ApiProblems, BODY_PROBLEMS } from '../openapi/api-responses';
import type { IntakeItemResult } from '../webhooks/intake-item-result';
import { IntakeRecorder } from '../webhooks/intake-recorder';
import { MAIL_MEDIA_TYPE } from './mail-body';
import { RequireScope } from '../auth/scope.decorators';
import { RequestTraceInterceptor } from '../http/request-trace';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';

export interface InboundMailResponse {
  /** The notice's own Message-ID, when it has one. */
  messageId?: string;
  /** Why nothing could be read from the mail (not a mail, no recognisable report). */
  error?: string;
  /** One result per recipient the mail reports, in the order it lists them. */
  results: IntakeItemResult[];
}

/**
 * A raw bounce, delay, complaint (ARF) or auto-reply mail, as a mailbox received it. Every recipient it reports is
 * recorded through the same commands as the webhooks; a mail that says nothing usable answers 200 with one invalid
 * result, since sending it again would not help.
 */
@ApiTags('webhooks')
@RequireScope('ingest')
@UseInterceptors(RequestTraceInterceptor)
@Controller('v1/inbound')
export class InboundMailController {
  constructor(
    private readonly recorder: IntakeRecorder,
    private readonly clock: Clock,
  ) {}

  @Post('mail')
  @HttpCode(200)
  @ApiConsumes(MAIL_MEDIA_TYPE)
  @ApiOperation({
    operationId: 'receiveBounceMail',
    summary: 'Record what a raw bounce mail reports, recipient by recipient',
  })
  @ApiBody({ description: 'The whole mail, headers and body', schema: { type: 'string', format: 'binary' } })
  @ApiJson(200, 'InboundMailResponse', 'One result per recipient the mail reports (an unreadable mail says why)')
  @ApiProblems(BODY_PROBLEMS, { 413: 'The mail is larger than INBOUND_MAIL_LIMIT_BYTES' })
  async receive(@Body() body: unknown, @RequestActor() actor: Actor): Promise<InboundMailResponse> {
    if (!Buffer.isBuffer(body)) {
      throw new ProblemError(415, 'Unsupported Media Type', `content-type: send the mail as ${MAIL_MEDIA_TYPE}`, [
        { field: 'content-type', message: `send ${MAIL_MEDIA_TYPE}` },
      ]);
    }
    const receivedAt = new Date(this.clock.now()).toISOString();
    const report = await readBounceMail(body, { receivedAt });
    const results = await this.recorder.record(toIntakeOutcomes(report, { receivedAt }), actor);
    const response: InboundMailResponse = { results };
    if (report.messageId !== undefined) {
      response.messageId = report.messageId;
    }
    if (report.error !== undefined) {
      response.error = report.error;
    }
    return response;
  }
}
