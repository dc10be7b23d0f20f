import { RECIPIENT_STATUSES, SUPPRESSION_CAUSES } from '@app/domain';
import type { SchemaObject } from './schema-ref';
import { closedObject, DATE_TIME, ref, TEXT } from './schema-ref';

/** A log position as commands answer it and `Read-After` takes it: a whole number, in decimal. */
export const LOG_POSITION: SchemaObject = {
  type: 'string',
  pattern: '^[0-9]{1,20}$',
  example: '1042',
  description:
    "The log position of the recipient's last event after this command (the event it recorded, or at or past the " +
    "one it found); send it as `Read-After` and a query answers once the read model shows it. '0': nothing to wait for",
};

const DECISION_TYPES = [
  'RecipientSuppressed',
  'RecipientQuarantined',
  'QuarantineLifted',
  'RecipientRestored',
  'RecipientReevaluated',
];

/** The item kinds of `POST /v1/events:batch`, each with the request its own endpoint takes. */
export const BATCH_ITEM_KINDS = {
  bounce: 'RecordBounceRequest',
  delivery: 'RecordDeliveryRequest',
  correction: 'RecordCorrectionRequest',
  complaint: 'RecordComplaintRequest',
  unsubscribe: 'RecordUnsubscribeRequest',
} as const;

function batchItemName(kind: string): string {
  return `Batch${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}Item`;
}

function batchItemSchemas(): Record<string, SchemaObject> {
  const schemas: Record<string, SchemaObject> = {};
  for (const [kind, request] of Object.entries(BATCH_ITEM_KINDS)) {
    schemas[batchItemName(kind)] = {
      allOf: [
        ref(request),
        { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: [kind] } } },
      ],
    };
  }
  schemas.BatchItem = {
    oneOf: Object.keys(BATCH_ITEM_KINDS).map((kind) => ref(batchItemName(kind))),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(
        Object.keys(BATCH_ITEM_KINDS).map((kind) => [kind, `#/components/schemas/${batchItemName(kind)}`]),
      ),
    },
    description: 'The body its own endpoint takes, plus its `type`',
  };
  return schemas;
}

/** What the fact and operator commands answer, one by one or per batch item. */
export const COMMAND_SCHEMAS: Record<string, SchemaObject> = {
  DecisionSummary: closedObject(
    {
      type: { type: 'string', enum: DECISION_TYPES },
      cause: { type: 'string', enum: [...SUPPRESSION_CAUSES] },
      reason: TEXT,
      until: DATE_TIME,
      restorationId: TEXT,
      explanation: { type: 'string', description: 'The decision in plain language' },
    },
    ['type', 'explanation'],
    'The decision this command led to',
  ),
  CommandResponse: closedObject(
    {
      eventId: { type: 'string', description: 'The recorded (or, for a duplicate, the original) event id' },
      address: { type: 'string', example: 'jane@example.com' },
      status: { type: 'string', enum: [...RECIPIENT_STATUSES] },
      suppressed: { type: 'boolean', description: 'Do not send now' },
      restored: { type: 'boolean' },
      decision: ref('DecisionSummary'),
      restorationId: { type: 'string', description: 'Present when this command restored the recipient' },
      recorded: {
        type: 'boolean',
        description: 'False for a duplicate, and for a delivery acknowledged without an append (it changed nothing)',
      },
      position: LOG_POSITION,
    },
    ['eventId', 'address', 'status', 'suppressed', 'restored', 'recorded', 'position'],
    "The recipient's status after the command",
  ),
  ...batchItemSchemas(),
  BatchItemResult: closedObject(
    {
      index: { type: 'integer', minimum: 0 },
      status: { type: 'integer', description: 'The status its own endpoint would have answered' },
      result: ref('CommandResponse'),
      error: ref('Problem'),
    },
    ['index', 'status'],
  ),
  BatchResults: closedObject({ results: { type: 'array', items: ref('BatchItemResult') } }, ['results']),
};
