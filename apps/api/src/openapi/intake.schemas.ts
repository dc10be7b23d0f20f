import { RECIPIENT_STATUSES } from '@app/domain';
import type { SchemaObject } from './schema-ref';
import { LOG_POSITION } from './command.schemas';
import { closedObject, ref, TEXT } from './schema-ref';

/** What provider webhooks and raw bounce mail answer: one result per item they carried. */
export const INTAKE_SCHEMAS: Record<string, SchemaObject> = {
  IntakeItemResult: closedObject(
    {
      index: { type: 'integer', minimum: 0, description: 'Position among the items read from the payload' },
      result: { type: 'string', enum: ['recorded', 'duplicate', 'ignored', 'invalid'] },
      kind: { type: 'string', enum: ['bounce', 'delivery', 'complaint', 'unsubscribe'] },
      address: TEXT,
      eventId: TEXT,
      status: { type: 'string', enum: [...RECIPIENT_STATUSES], description: 'After a recorded or duplicate item' },
      suppressed: { type: 'boolean' },
      position: LOG_POSITION,
      reason: { type: 'string', description: 'Why an item was ignored: deferred, open, unknown_type:<name>, ...' },
      field: { type: 'string', description: 'Where an invalid item is at fault' },
      message: TEXT,
    },
    ['index', 'result'],
  ),
  IntakeResults: closedObject({ results: { type: 'array', items: ref('IntakeItemResult') } }, ['results']),
  InboundMailResponse: closedObject(
    {
      messageId: { type: 'string', description: "The notice's own Message-ID" },
      error: { type: 'string', description: 'Why nothing could be read from the mail' },
      results: { type: 'array', items: ref('IntakeItemResult') },
    },
    ['results'],
  ),
};
