import { RECIPIENT_STATUSES, SUPPRESSION_CAUSES } from '@app/domain';
import type { SchemaObject } from './schema-ref';
import { closedObject, DATE_TIME, ref, TEXT } from './schema-ref';

const STATUS: SchemaObject = { type: 'string', enum: [...RECIPIENT_STATUSES] };
const CAUSE: SchemaObject = { type: 'string', enum: [...SUPPRESSION_CAUSES] };
const NULLABLE_TEXT: SchemaObject = { type: 'string', nullable: true };
const NEXT_CURSOR: SchemaObject = {
  type: 'string',
  nullable: true,
  description: 'Pass as `cursor` for the next page; null on the last page',
};
const TOTAL: SchemaObject = {
  type: 'integer',
  minimum: 0,
  description: 'Present with `total=true`: how many items match the filters, over all pages',
};

const STATUS_VIEW = {
  status: STATUS,
  suppressed: { type: 'boolean', description: 'Do not send now: true while quarantined or suppressed' },
  restored: { type: 'boolean', description: 'A restoration lifted the last suppression or quarantine' },
  cause: CAUSE,
  reason: TEXT,
  since: { ...DATE_TIME, description: 'When the suppression or quarantine was decided' },
  until: { ...DATE_TIME, description: 'End of the quarantine, or of the soft-bouncing period' },
} satisfies Record<string, SchemaObject>;

const ACTIVE_RESTORATION = {
  restorationId: TEXT,
  since: DATE_TIME,
  trigger: { type: 'string', description: 'The event id of the fact that restored the recipient' },
  previous: ref('Standing'),
};

/** The read side: "may I send?", lists, a recipient's state and audit, restorations. */
export const READ_SCHEMAS: Record<string, SchemaObject> = {
  Suppression: closedObject({ address: TEXT, ...STATUS_VIEW, allowlisted: { type: 'boolean', enum: [true] } }, [
    'address',
    'status',
    'suppressed',
    'restored',
  ]),
  CheckedAddressResult: closedObject({ address: TEXT, suppressed: { type: 'boolean' }, status: STATUS }, [
    'address',
    'suppressed',
    'status',
  ]),
  InvalidAddressResult: closedObject(
    {
      address: { type: 'string', description: 'Exactly as sent' },
      status: { type: 'string', enum: ['invalid'] },
      suppressed: { type: 'boolean', enum: [true] },
      reason: TEXT,
    },
    ['address', 'status', 'suppressed', 'reason'],
    'A malformed address: nothing can be sent to it',
  ),
  CheckResults: closedObject(
    { results: { type: 'array', items: { oneOf: [ref('CheckedAddressResult'), ref('InvalidAddressResult')] } } },
    ['results'],
  ),
  SuppressionPage: closedObject(
    { items: { type: 'array', items: ref('Suppression') }, nextCursor: NEXT_CURSOR, total: TOTAL },
    ['items', 'nextCursor'],
  ),
  Standing: {
    oneOf: [
      closedObject({ kind: { type: 'string', enum: ['clear'] } }, ['kind']),
      closedObject(
        {
          kind: { type: 'string', enum: ['quarantined'] },
          until: DATE_TIME,
          since: DATE_TIME,
          evidence: { type: 'array', items: TEXT, description: 'Event ids of the facts behind it' },
          policyVersion: TEXT,
        },
        ['kind', 'until', 'since', 'evidence', 'policyVersion'],
      ),
      closedObject(
        {
          kind: { type: 'string', enum: ['suppressed'] },
          cause: CAUSE,
          reason: TEXT,
          since: DATE_TIME,
          evidence: { type: 'array', items: TEXT, description: 'Event ids of the facts behind it' },
          policyVersion: TEXT,
        },
        ['kind', 'cause', 'reason', 'since', 'evidence', 'policyVersion'],
      ),
    ],
    description: 'What was recorded, before the policy and the clock read it',
  },
  AllowlistNote: closedObject(
    {
      entry: {
        type: 'string',
        description: 'The allowlist entry that matches the address',
        example: 'company.example',
      },
      kind: { type: 'string', enum: ['address', 'domain'] },
      by: { type: 'string', description: 'Who added the entry' },
      reason: { type: 'string', description: 'Why it was added' },
      since: DATE_TIME,
      withheld: closedObject(
        {
          status: { type: 'string', enum: ['quarantined', 'suppressed'] },
          cause: CAUSE,
          revision: { type: 'integer', minimum: 0, description: 'The event of the history that led to it' },
        },
        ['status'],
        'What the recorded events answer and checks do not',
      ),
      explanation: { type: 'string', description: 'The same, in words' },
    },
    ['entry', 'kind', 'by', 'reason', 'since', 'withheld', 'explanation'],
    'Checks answer deliverable only because the address is allowlisted; absent otherwise (and when erasure keeps it suppressed)',
  ),
  RecipientState: closedObject(
    {
      address: TEXT,
      ...STATUS_VIEW,
      standing: ref('Standing'),
      run: {
        type: 'array',
        description: 'The soft bounces that count now under the policy in force, oldest first',
        items: closedObject(
          {
            eventId: TEXT,
            occurredAt: DATE_TIME,
            class: { type: 'string', enum: ['soft', 'undetermined'] },
            reason: TEXT,
          },
          ['eventId', 'occurredAt', 'class', 'reason'],
        ),
      },
      lastDelivery: {
        ...closedObject({ eventId: NULLABLE_TEXT, occurredAt: DATE_TIME }, ['eventId', 'occurredAt']),
        nullable: true,
      },
      restoration: {
        ...closedObject(ACTIVE_RESTORATION, Object.keys(ACTIVE_RESTORATION)),
        nullable: true,
        description: 'The restoration in force, if any',
      },
      policyVersion: TEXT,
      streamRevision: { type: 'integer', minimum: 0 },
      allowlisted: ref('AllowlistNote'),
    },
    [
      'address',
      'status',
      'suppressed',
      'restored',
      'standing',
      'run',
      'lastDelivery',
      'restoration',
      'policyVersion',
      'streamRevision',
    ],
  ),
  HistoryEntry: closedObject(
    {
      revision: { type: 'integer', minimum: 0 },
      eventId: TEXT,
      type: { type: 'string', example: 'BounceReceived' },
      recordedAt: DATE_TIME,
      occurredAt: DATE_TIME,
      statusBefore: STATUS,
      statusAfter: STATUS,
      explanation: TEXT,
      data: { type: 'object', additionalProperties: true, description: "The event's data, without the address" },
      actor: closedObject(
        { tokenId: TEXT, name: TEXT, owner: TEXT },
        ['tokenId', 'name', 'owner'],
        'The API token the command came with; absent for the CLI, webhooks and events recorded before tokens',
      ),
    },
    ['revision', 'eventId', 'type', 'recordedAt', 'statusBefore', 'statusAfter', 'explanation', 'data'],
  ),
  RecipientHistory: closedObject(
    {
      address: TEXT,
      events: { type: 'array', items: ref('HistoryEntry'), description: 'Oldest first' },
      allowlisted: ref('AllowlistNote'),
      nextAfter: {
        type: 'integer',
        nullable: true,
        description: 'Pass as `after` for the next page; null when this page ends the history',
      },
    },
    ['address', 'events', 'nextAfter'],
  ),
  Restoration: closedObject(
    {
      restorationId: TEXT,
      streamId: TEXT,
      address: TEXT,
      trigger: { type: 'string', description: 'The event id of the fact that restored the recipient' },
      previous: ref('Standing'),
      state: { type: 'string', enum: ['active', 'reverted', 'superseded'] },
      restoredAt: DATE_TIME,
      endedAt: { ...DATE_TIME, nullable: true },
      revertedBy: NULLABLE_TEXT,
      note: NULLABLE_TEXT,
    },
    [
      'restorationId',
      'streamId',
      'address',
      'trigger',
      'previous',
      'state',
      'restoredAt',
      'endedAt',
      'revertedBy',
      'note',
    ],
  ),
  RestorationPage: closedObject(
    { items: { type: 'array', items: ref('Restoration') }, nextCursor: NEXT_CURSOR, total: TOTAL },
    ['items', 'nextCursor'],
  ),
};
