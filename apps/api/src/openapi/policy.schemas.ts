import { BOUNCE_CLASSES, BOUNCE_REASONS, RECIPIENT_STATUSES } from '@app/domain';
import type { SchemaObject } from './schema-ref';
import { closedObject, DATE_TIME, ref, TEXT } from './schema-ref';

const DURATION: SchemaObject = { type: 'string', example: 'P7D', description: 'ISO-8601 duration (P7D, PT24H)' };

const POLICY_PROPERTIES: Record<string, SchemaObject> = {
  version: { type: 'string', maxLength: 64, example: 'candidate-2', description: 'Names the policy in the audit' },
  hardBounce: closedObject({ action: { type: 'string', enum: ['suppress', 'ignore'] } }, ['action']),
  softBounce: closedObject(
    {
      limit: { type: 'integer', minimum: 1, description: 'Counting soft bounces in the window that suppress' },
      window: DURATION,
      quarantineAt: {
        type: 'integer',
        minimum: 1,
        description: 'Run length that quarantines; equal to the limit turns quarantine off',
      },
      quarantineFor: DURATION,
    },
    ['limit', 'window', 'quarantineAt', 'quarantineFor'],
  ),
  undetermined: { type: 'string', enum: ['count_as_soft', 'ignore'] },
  restoreOnDelivery: { type: 'boolean' },
  deliveryHeartbeat: DURATION,
  overrides: {
    type: 'array',
    maxItems: 200,
    items: closedObject(
      {
        match: closedObject(
          {
            enhancedStatus: { type: 'string', example: '5.2.2' },
            replyCode: { type: 'integer' },
            text: { type: 'string', maxLength: 500, description: 'A regular expression over the reply text' },
            provider: TEXT,
          },
          [],
        ),
        class: { type: 'string', enum: [...BOUNCE_CLASSES] },
        reason: { type: 'string', enum: [...BOUNCE_REASONS] },
        countsAgainstRecipient: { type: 'boolean' },
      },
      ['match', 'class', 'reason'],
    ),
  },
};

const STATUS_COUNTS = closedObject(
  Object.fromEntries(RECIPIENT_STATUSES.map((status) => [status, { type: 'integer', minimum: 0 }])),
  RECIPIENT_STATUSES,
);

const STATUS_VIEW: SchemaObject = {
  type: 'object',
  required: ['status', 'suppressed', 'restored'],
  properties: {
    status: { type: 'string', enum: [...RECIPIENT_STATUSES] },
    suppressed: { type: 'boolean' },
    restored: { type: 'boolean' },
    cause: TEXT,
    reason: TEXT,
    since: DATE_TIME,
    until: DATE_TIME,
  },
  additionalProperties: false,
};

const REPORT_PROPERTIES: Record<string, SchemaObject> = {
  currentPolicy: TEXT,
  candidatePolicy: TEXT,
  now: { ...DATE_TIME, description: 'The time both sides are evaluated at' },
  totals: closedObject(
    {
      recipients: { type: 'integer' },
      events: { type: 'integer' },
      changed: { type: 'integer' },
      current: STATUS_COUNTS,
      candidate: STATUS_COUNTS,
      transitions: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        example: { 'quarantined -> suppressed': 3 },
      },
    },
    ['recipients', 'events', 'changed', 'current', 'candidate', 'transitions'],
  ),
  matrix: closedObject(
    Object.fromEntries(RECIPIENT_STATUSES.map((status) => [status, STATUS_COUNTS])),
    RECIPIENT_STATUSES,
    'Recipients by status now (rows) and under the candidate (columns)',
  ),
  examples: { type: 'array', items: ref('RecipientChange'), description: 'The first change of each kind' },
  complete: { type: 'boolean', description: 'False when the run stopped before reading the whole log' },
  skippedEvents: { type: 'integer', description: 'Stored events passed over: the total of skippedEventsBy' },
  skippedEventsBy: closedObject(
    {
      erased: {
        type: 'integer',
        description: 'Events of erased recipients that the log still returns (EventStoreDB until a scavenge)',
      },
      unknownType: { type: 'integer', description: 'Events of types this service does not know' },
    },
    ['erased', 'unknownType'],
    'Why the skipped events were passed over',
  ),
  elapsedMs: { type: 'number' },
  eventsPerSecond: { type: 'number' },
  engine: closedObject(
    {
      path: { type: 'string', example: 'stream-scan', description: 'How the log was read (an engine detail)' },
      workers: { type: 'integer' },
    },
    ['path', 'workers'],
  ),
};

/** The policy document (in force, or a candidate) and what a simulation of a candidate answers. */
export const POLICY_SCHEMAS: Record<string, SchemaObject> = {
  PolicyDocument: closedObject(POLICY_PROPERTIES, Object.keys(POLICY_PROPERTIES)),
  CandidatePolicyDocument: closedObject(
    POLICY_PROPERTIES,
    ['version'],
    'A policy document; the sections left out take their defaults',
  ),
  RecipientChange: closedObject(
    {
      streamId: TEXT,
      address: TEXT,
      kind: { type: 'string', example: 'quarantined -> suppressed' },
      current: STATUS_VIEW,
      candidate: STATUS_VIEW,
      evidence: {
        type: 'array',
        items: closedObject({ eventId: TEXT, type: TEXT, occurredAt: DATE_TIME, summary: TEXT }, [
          'eventId',
          'type',
          'occurredAt',
          'summary',
        ]),
      },
      explanation: TEXT,
    },
    ['streamId', 'address', 'kind', 'current', 'candidate', 'evidence', 'explanation'],
  ),
  SimulationResponse: closedObject(
    {
      ...REPORT_PROPERTIES,
      changes: { type: 'array', items: ref('RecipientChange'), description: 'At most 1,000 changed recipients' },
      changesOmitted: { type: 'integer', minimum: 0, description: 'Changed recipients left out (see format=ndjson)' },
    },
    [...Object.keys(REPORT_PROPERTIES), 'changes', 'changesOmitted'],
  ),
  SimulationLine: {
    description: 'One line of `format=ndjson`: a change as it is found, then the report (or an error)',
    oneOf: [
      {
        allOf: [
          ref('RecipientChange'),
          { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['change'] } } },
        ],
      },
      {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string', enum: ['report'] }, ...REPORT_PROPERTIES },
      },
      closedObject({ type: { type: 'string', enum: ['error'] }, problem: ref('Problem') }, ['type', 'problem']),
    ],
  },
};
