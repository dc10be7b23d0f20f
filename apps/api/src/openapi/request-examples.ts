import type { ExamplesObject } from '@nestjs/swagger';

/**
 * Request bodies that do what they say when sent as they are ("Try it out"). None carries an eventId: one is derived
 * from the payload, so sending an example twice is a duplicate (200), never a conflict.
 */
const AT = '2026-11-22T10:00:00Z';

const HARD_BOUNCE = {
  address: 'jane@example.com',
  occurredAt: AT,
  source: 'mta',
  messageId: '<m-1@mail.example.com>',
  smtp: {
    replyCode: 550,
    enhancedStatus: '5.1.1',
    diagnostic: '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown',
  },
};

export const BOUNCE_EXAMPLES: ExamplesObject = {
  hardBounce: { summary: 'A hard bounce: the address is suppressed at once', value: HARD_BOUNCE },
};

export const DELIVERY_EXAMPLES: ExamplesObject = {
  delivery: {
    summary: 'A delivery: it breaks a soft-bounce run (acknowledged with 200 when it changes nothing)',
    value: { address: 'jane@example.com', occurredAt: AT, source: 'mta', messageId: '<m-2@mail.example.com>' },
  },
};

export const CORRECTION_EXAMPLES: ExamplesObject = {
  correction: {
    summary: 'Support confirmed the address: lifts a bounce suppression or a quarantine',
    value: { address: 'jane@example.com', by: 'support@company.test', note: 'confirmed by phone' },
  },
};

export const COMPLAINT_EXAMPLES: ExamplesObject = {
  complaint: {
    summary: 'A spam complaint: suppresses with cause complaint',
    value: { address: 'jane@example.com', occurredAt: AT, source: 'ses', feedbackType: 'abuse' },
  },
};

export const UNSUBSCRIBE_EXAMPLES: ExamplesObject = {
  everyList: {
    summary: 'A one-click unsubscribe from every list: suppresses with cause unsubscribed',
    value: { address: 'jane@example.com', occurredAt: AT, source: 'sendgrid', method: 'one_click' },
  },
};

export const BATCH_EXAMPLES: ExamplesObject = {
  mixed: {
    summary: 'A hard bounce and a delivery to another recipient',
    value: {
      events: [
        { type: 'bounce', ...HARD_BOUNCE },
        { type: 'delivery', address: 'joe@example.org', occurredAt: AT, source: 'mta' },
      ],
    },
  },
};

export const SUPPRESS_EXAMPLES: ExamplesObject = {
  manual: {
    summary: 'An operator suppresses an address',
    value: { address: 'jane@example.com', by: 'support@company.test', note: 'asked by phone to stop' },
  },
};

export const LIFT_EXAMPLES: ExamplesObject = {
  lift: {
    summary: 'Who lifts the suppression, and why',
    value: { by: 'support@company.test', note: 'the mailbox works again' },
  },
};

export const CHECK_EXAMPLES: ExamplesObject = {
  check: { summary: 'Two addresses', value: { addresses: ['jane@example.com', 'joe@example.org'] } },
};

export const REVERT_EXAMPLES: ExamplesObject = {
  revert: { summary: 'Undo a restoration', value: { by: 'support@company.test', note: 'restored by mistake' } },
};

export const CANDIDATE_POLICY_EXAMPLES: ExamplesObject = {
  lenient: {
    summary: 'Five soft bounces before suppressing, quarantine at three',
    value: { version: 'candidate-2', softBounce: { limit: 5, window: 'P7D', quarantineAt: 3, quarantineFor: 'PT24H' } },
  },
};
