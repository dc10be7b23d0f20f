import { BOUNCE_CLASSES, BOUNCE_REASONS, DEFAULT_POLICY_DOCUMENT, SMTP_STAGES } from '@app/domain';
import type { FieldSpec } from './fuzz-fields';

/**
 * The request bodies of DESIGN section 5 as their validators read them, each with a valid example that sets every
 * field (so a fault can land in any of them). The fuzzer breaks one field of an example at a time.
 */
export interface BodySchema {
  fields: readonly FieldSpec[];
  valid: (now: number) => Record<string, unknown>;
}

const ENHANCED_STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;
const text = (max: number, pattern?: RegExp) => ({ type: 'text', max, pattern }) as const;

const FACT_FIELDS: readonly FieldSpec[] = [
  { name: 'address', kind: { type: 'address' }, required: true },
  { name: 'occurredAt', kind: { type: 'timestamp' }, required: true },
  { name: 'eventId', kind: text(200) },
  { name: 'messageId', kind: text(998) },
  { name: 'source', kind: text(100) },
];

const factExample = (now: number) => ({
  address: 'fuzz.never.stored@example.com',
  occurredAt: new Date(now - 60_000).toISOString(),
  eventId: 'fuzz-event-never-stored',
  messageId: '<fuzz@example.com>',
  source: 'fuzz',
});

export const BOUNCE: BodySchema = {
  fields: [
    ...FACT_FIELDS,
    {
      name: 'smtp',
      kind: {
        type: 'object',
        fields: [
          { name: 'replyCode', kind: { type: 'integer', min: 200, max: 599 } },
          { name: 'enhancedStatus', kind: text(16, ENHANCED_STATUS) },
          { name: 'diagnostic', kind: text(4000) },
          { name: 'stage', kind: { type: 'choice', values: SMTP_STAGES } },
        ],
      },
    },
    {
      name: 'providerVerdict',
      kind: {
        type: 'object',
        fields: [
          { name: 'provider', kind: text(50), required: true },
          { name: 'type', kind: text(100) },
          { name: 'subType', kind: text(100) },
        ],
      },
    },
    { name: 'dsnStatus', kind: text(16, ENHANCED_STATUS) },
  ],
  valid: (now) => ({
    ...factExample(now),
    smtp: { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown', stage: 'rcpt_to' },
    providerVerdict: { provider: 'ses', type: 'Permanent', subType: 'General' },
    dsnStatus: '5.1.1',
  }),
};

export const DELIVERY: BodySchema = { fields: FACT_FIELDS, valid: factExample };

export const CORRECTION: BodySchema = {
  fields: [
    { name: 'address', kind: { type: 'address' }, required: true },
    { name: 'by', kind: text(200) },
    { name: 'note', kind: text(1000) },
    { name: 'previousAddress', kind: { type: 'address' } },
    { name: 'occurredAt', kind: { type: 'timestamp' } },
    { name: 'eventId', kind: text(200) },
  ],
  valid: (now) => ({
    address: 'fuzz.never.stored@example.com',
    by: 'support',
    note: 'typo fixed',
    previousAddress: 'fuzz.previous@example.com',
    occurredAt: new Date(now - 60_000).toISOString(),
    eventId: 'fuzz-correction-never-stored',
  }),
};

export const MANUAL_SUPPRESSION: BodySchema = {
  fields: [
    { name: 'address', kind: { type: 'address' }, required: true },
    { name: 'by', kind: text(200) },
    { name: 'note', kind: text(1000) },
    { name: 'eventId', kind: text(200) },
  ],
  valid: () => ({ address: 'fuzz.never.stored@example.com', by: 'ops', note: 'asked', eventId: 'fuzz-manual' }),
};

export const REVERT: BodySchema = {
  fields: [
    { name: 'by', kind: text(200) },
    { name: 'note', kind: text(1000) },
  ],
  valid: () => ({ by: 'lead', note: 'restored by mistake' }),
};

export const BULK_CHECK: BodySchema = {
  fields: [
    {
      name: 'addresses',
      kind: { type: 'list', item: { type: 'answeredText' }, minItems: 1, maxItems: 10_000 },
      required: true,
    },
  ],
  valid: () => ({ addresses: ['jane@example.com', 'joe@example.org'] }),
};

/** The candidate policy of `POST /v1/policy/simulations`, as `parsePolicy` reads it (sections left out default). */
export const POLICY: BodySchema = {
  fields: [
    { name: 'version', kind: { type: 'text', max: 64, alsoBad: [' ', '\t\n'] }, required: true },
    {
      name: 'hardBounce',
      kind: { type: 'object', fields: [{ name: 'action', kind: { type: 'choice', values: ['suppress', 'ignore'] } }] },
    },
    {
      name: 'softBounce',
      kind: {
        type: 'object',
        fields: [
          { name: 'limit', kind: { type: 'integer', min: 1, max: 100 } },
          { name: 'window', kind: { type: 'duration', minMs: 1 } },
          // The example's limit is 3, and the threshold may not pass it.
          { name: 'quarantineAt', kind: { type: 'integer', min: 1, max: 3 } },
          { name: 'quarantineFor', kind: { type: 'duration', minMs: 1 } },
        ],
      },
    },
    { name: 'undetermined', kind: { type: 'choice', values: ['count_as_soft', 'ignore'] } },
    { name: 'restoreOnDelivery', kind: { type: 'boolean' } },
    { name: 'deliveryHeartbeat', kind: { type: 'duration', minMs: 0 } },
    {
      name: 'overrides',
      kind: {
        type: 'list',
        minItems: 0,
        maxItems: 200,
        item: {
          type: 'object',
          fields: [
            {
              name: 'match',
              required: true,
              kind: {
                type: 'object',
                fields: [
                  { name: 'enhancedStatus', kind: text(16, /^\d\.\d{1,3}\.\d{1,3}$/) },
                  { name: 'replyCode', kind: { type: 'integer', min: 200, max: 599 } },
                  { name: 'text', kind: { type: 'text', max: 500, alsoBad: ['(', '[a', '*', '+x', 'a{2,1}', '\\'] } },
                  { name: 'provider', kind: text(64, /^[a-z0-9][\w.-]{0,63}$/i) },
                ],
              },
            },
            { name: 'class', kind: { type: 'choice', values: BOUNCE_CLASSES }, required: true },
            { name: 'reason', kind: { type: 'choice', values: BOUNCE_REASONS }, required: true },
            { name: 'countsAgainstRecipient', kind: { type: 'boolean' } },
          ],
        },
      },
    },
  ],
  valid: () => ({
    ...DEFAULT_POLICY_DOCUMENT,
    version: 'fuzz-candidate',
    overrides: [
      {
        match: { enhancedStatus: '5.2.2', replyCode: 552, text: 'mailbox (is )?full', provider: 'ses' },
        class: 'soft',
        reason: 'mailbox_full',
        countsAgainstRecipient: true,
      },
    ],
  }),
};

/** Fields the answer may name when the body is JSON but not an object at all. */
export function wholeBodyFields(schema: BodySchema): string[] {
  return [...schema.fields.filter((field) => field.required === true).map((field) => field.name), 'body', '$'];
}
