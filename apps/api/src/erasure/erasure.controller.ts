import { Body, Controller, Delete, Param } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ErasureOutcome } from '@app/recipients';
import { RecipientErasure } from '@app/recipients';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequireScope } from '../auth/scope.decorators';
import { ProblemError } from '../http/problem-details';
import { ApiJson, ApiProblems, BODY_PROBLEMS, PATH_PROBLEMS } from '../openapi/api-responses';
import type { SchemaObject } from '../openapi/schema-ref';
import { closedObject } from '../openapi/schema-ref';
import { EraseRecipientRequest } from './erase-recipient.request';

type Erased = Omit<Extract<ErasureOutcome, { outcome: 'erased' }>, 'outcome'>;

const ERASED_SCHEMA: SchemaObject = closedObject(
  {
    eventId: { type: 'string', description: 'The RecipientErased event, which holds no address' },
    erasedEvents: { type: 'integer', minimum: 0, description: "How many of the recipient's events were deleted" },
    keepSuppression: { type: 'boolean', description: "Whether the address's keyed hash stays on the do-not-send list" },
    scavenge: {
      description:
        "EventStoreDB only: the events are soft-deleted at once, and leave the server's files once a scavenge has run " +
        'over them (the chunk being written is scavenged only once it is completed). Whether one was started, or why not',
      oneOf: [
        closedObject(
          {
            started: { type: 'boolean', enum: [true] },
            scavengeId: { type: 'string', description: 'The scavenge the node started' },
          },
          ['started', 'scavengeId'],
        ),
        closedObject(
          {
            started: { type: 'boolean', enum: [false] },
            reason: { type: 'string', description: 'Why none was started; an operator must run one' },
          },
          ['started', 'reason'],
        ),
      ],
    },
  },
  ['eventId', 'erasedEvents', 'keepSuppression'],
);

@ApiTags('recipients')
@Controller('v1/recipients')
export class ErasureController {
  constructor(private readonly erasure: RecipientErasure) {}

  @Delete(':address')
  @RequireScope('admin')
  @ApiOperation({
    operationId: 'eraseRecipient',
    summary: 'Erase a recipient: its address and every event about it leave the log and the read model',
    description:
      'Records a RecipientErased event holding only the keyed hash the stream is named by, who and why. With ' +
      '`keepSuppression`, a check of the address still answers suppressed with cause `erased`.',
  })
  @ApiParam({ name: 'address', description: 'The address to erase, in any case' })
  @ApiBody({ type: EraseRecipientRequest })
  @ApiJson(200, ERASED_SCHEMA, 'Erased (also when nothing about the address was recorded)')
  @ApiProblems([...new Set([...PATH_PROBLEMS, ...BODY_PROBLEMS])])
  async erase(
    @Param('address') address: string,
    @Body() request: EraseRecipientRequest,
    @RequestActor() actor: Actor,
  ): Promise<Erased> {
    const outcome = await this.erasure.erase({ address, ...request }, actor);
    if (outcome.outcome === 'rejected') {
      throw ProblemError.badRequest(outcome.message, [{ field: outcome.field, message: outcome.message }]);
    }
    const { eventId, erasedEvents, keepSuppression, scavenge } = outcome;
    return { eventId, erasedEvents, keepSuppression, ...(scavenge === undefined ? {} : { scavenge }) };
  }
}
