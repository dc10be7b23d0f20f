import { fromStoredEvent, toStoredEvent, UNRECORDED_ADOPTER } from './event-serialisation';
import type { ComplaintReceived, RecipientReevaluated, Standing, UnsubscribeReceived } from './events';
import { SCHEMA_VERSION } from './events';
import { evolve, initialRecipientState } from './recipient-state';

const SUPPRESSED: Standing = {
  kind: 'suppressed',
  cause: 'soft_bounce_limit',
  reason: 'mailbox_full',
  since: '2026-03-01T00:00:00.000Z',
  evidence: ['b1', 'b2', 'b3'],
  policyVersion: 'p2',
};

/** A re-evaluation as version 1 recorded it: a restoration, no adopter, no run. */
function versionOneReevaluation(restoration: unknown): Parameters<typeof fromStoredEvent>[0] {
  return {
    eventId: 'e1',
    type: 'RecipientReevaluated',
    data: {
      address: 'ann@example.com',
      trigger: 'policy:p2',
      policyVersion: 'p2',
      explanation: 'Re-evaluated under policy p2: not suppressed -> suppressed (soft_bounce_limit: mailbox_full).',
      standing: SUPPRESSED,
      restoration,
      previous: { kind: 'clear' },
    },
    metadata: { schemaVersion: 1, recordedAt: '2026-03-01T00:00:00.000Z' },
  };
}

describe('reading stored events', () => {
  it('writes the current schema version', () => {
    const event: RecipientReevaluated = {
      type: 'RecipientReevaluated',
      eventId: 'e2',
      recordedAt: '2026-03-01T00:00:00.000Z',
      data: {
        address: 'ann@example.com',
        trigger: 'policy:p2',
        policyVersion: 'p2',
        by: 'ops',
        explanation: 'x',
        standing: SUPPRESSED,
        run: [],
        previous: { kind: 'clear' },
      },
    };
    const stored = toStoredEvent(event);
    expect(stored.metadata.schemaVersion).toBe(SCHEMA_VERSION);
    expect(fromStoredEvent(stored)).toEqual(event);
  });

  describe('a version 1 re-evaluation', () => {
    it('loses its restoration and gains an unrecorded adopter, with no run of its own', () => {
      const restoration = {
        restorationId: 'r1',
        since: '2026-02-01T00:00:00.000Z',
        trigger: 'd1',
        previous: SUPPRESSED,
      };
      const event = fromStoredEvent(versionOneReevaluation(restoration));
      expect(event.type).toBe('RecipientReevaluated');
      expect(event.data).not.toHaveProperty('restoration');
      expect(event.data).toMatchObject({ by: UNRECORDED_ADOPTER, standing: SUPPRESSED });
      expect(event.data).not.toHaveProperty('run');
    });

    it('folds to its standing without opening a restoration', () => {
      const restoration = {
        restorationId: 'r1',
        since: '2026-02-01T00:00:00.000Z',
        trigger: 'd1',
        previous: SUPPRESSED,
      };
      const state = evolve(initialRecipientState(), fromStoredEvent(versionOneReevaluation(restoration)));
      expect(state.standing).toEqual(SUPPRESSED);
      expect(state.restoration).toBeNull();
    });

    it('keeps the run that stood when it was recorded, as the fold did then', () => {
      const run = [{ eventId: 'b1', occurredAt: 1, reason: 'mailbox_full' as const, class: 'soft' as const }];
      const before = { ...initialRecipientState(), run };
      const state = evolve(before, fromStoredEvent(versionOneReevaluation(null)));
      expect(state.run).toEqual(run);
    });

    it('keeps an adopter and a run it already carries', () => {
      const stored = versionOneReevaluation(null);
      const run = [{ eventId: 'b3', occurredAt: 1, reason: 'mailbox_full', class: 'soft' }];
      stored.data = { ...stored.data, by: 'ops', run };
      expect(fromStoredEvent(stored).data).toMatchObject({ by: 'ops', run });
    });
  });

  it('reads back a complaint and an unsubscribe as they were written', () => {
    const complaint: ComplaintReceived = {
      type: 'ComplaintReceived',
      eventId: 'c1',
      recordedAt: '2026-03-01T00:00:00.000Z',
      data: {
        address: 'ann@example.com',
        occurredAt: '2026-02-28T23:00:00.000Z',
        source: 'ses',
        feedbackType: 'abuse',
      },
    };
    const unsubscribe: UnsubscribeReceived = {
      type: 'UnsubscribeReceived',
      eventId: 'u1',
      recordedAt: '2026-03-01T00:00:00.000Z',
      data: { address: 'ann@example.com', occurredAt: '2026-02-28T23:00:00.000Z', method: 'one_click', list: 'news' },
    };
    expect(fromStoredEvent(toStoredEvent(complaint))).toEqual(complaint);
    expect(fromStoredEvent(toStoredEvent(unsubscribe))).toEqual(unsubscribe);
  });

  it('leaves other version 1 events as they were', () => {
    const stored = {
      eventId: 'e3',
      type: 'DeliverySucceeded',
      data: { address: 'ann@example.com', occurredAt: '2026-03-01T00:00:00.000Z' },
      metadata: { schemaVersion: 1, recordedAt: '2026-03-01T00:00:00.000Z' },
    };
    expect(fromStoredEvent(stored).data).toEqual(stored.data);
  });
});
