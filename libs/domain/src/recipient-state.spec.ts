import type { BounceClass } from './classification';
import type { RecipientEvent } from './events';
import { MAX_SOFT_BOUNCE_LIMIT } from './policy';
import { evolve, foldRecipient, initialRecipientState } from './recipient-state';
import { ADDRESS } from './testing/decider-spec';

const START = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;

const at = (minutes: number) => new Date(START + minutes * MINUTE).toISOString();

function bounce(eventId: string, minutes: number, bounceClass: BounceClass = 'soft', counts = true): RecipientEvent {
  const reason = bounceClass === 'undetermined' ? 'undetermined' : 'mailbox_full';
  return {
    type: 'BounceReceived',
    eventId,
    recordedAt: at(minutes),
    data: {
      address: ADDRESS,
      occurredAt: at(minutes),
      classification: {
        class: bounceClass,
        reason,
        countsAgainstRecipient: counts,
        rule: 'test',
        classifierVersion: 't',
      },
    },
  };
}

function delivery(eventId: string, minutes: number): RecipientEvent {
  return {
    type: 'DeliverySucceeded',
    eventId,
    recordedAt: at(minutes),
    data: { address: ADDRESS, occurredAt: at(minutes) },
  };
}

function correctionAt(eventId: string, minutes: number): RecipientEvent {
  return {
    type: 'AddressCorrected',
    eventId,
    recordedAt: at(minutes),
    data: { address: ADDRESS, occurredAt: at(minutes), by: 'ops' },
  };
}

const runIds = (events: RecipientEvent[]) => foldRecipient(events).run.map((bounce) => bounce.eventId);

describe('the recipient state', () => {
  it('starts clear, with nothing recorded', () => {
    expect(initialRecipientState()).toStrictEqual({
      address: null,
      standing: { kind: 'clear' },
      restoration: null,
      restorations: {},
      run: [],
      runBrokenAt: null,
      lastDeliveryAt: null,
      lastDeliveryEventId: null,
      bouncedSinceDelivery: false,
      eventCount: 0,
    });
  });

  it('counts the events folded and keeps the address of the latest', () => {
    const state = foldRecipient([bounce('b1', 0), delivery('d1', 1)]);
    expect(state).toMatchObject({ eventCount: 2, address: ADDRESS });
  });

  it('keeps the counting soft and undetermined bounces in event-time order, and no hard or sender-side ones', () => {
    const events = [
      bounce('late', 5),
      bounce('early', 1, 'undetermined'),
      bounce('hard', 2, 'hard'),
      bounce('sender', 3, 'soft', false),
    ];
    expect(runIds(events)).toEqual(['early', 'late']);
    expect(foldRecipient(events).run[0]).toEqual({
      eventId: 'early',
      occurredAt: START + MINUTE,
      class: 'undetermined',
      reason: 'undetermined',
    });
  });

  it('drops the bounces at or before the latest delivery or correction, whatever order they arrive in', () => {
    expect(runIds([bounce('b1', 1), bounce('b2', 3), delivery('d', 2), bounce('b3', 2), bounce('b4', 4)])).toEqual([
      'b2',
      'b4',
    ]);
    expect(
      runIds([bounce('b1', 1), correctionAt('c', 3), delivery('older', 2), bounce('b2', 3), bounce('b3', 4)]),
    ).toEqual(['b3']);
    expect(foldRecipient([correctionAt('c', 3), delivery('older', 2)]).runBrokenAt).toBe(START + 3 * MINUTE);
  });

  it('keeps only the newest bounces of each class, however many arrive', () => {
    const soft = Array.from({ length: MAX_SOFT_BOUNCE_LIMIT + 1 }, (_, n) => bounce(`s${n}`, n));
    const undetermined = Array.from({ length: 3 }, (_, n) => bounce(`u${n}`, 1000 + n, 'undetermined'));
    expect(runIds(soft)).toHaveLength(MAX_SOFT_BOUNCE_LIMIT);
    const ids = runIds([...soft, ...undetermined]);
    expect(ids).toHaveLength(MAX_SOFT_BOUNCE_LIMIT + 3);
    expect(ids[0]).toBe('s1');
    expect(ids.slice(-3)).toEqual(['u0', 'u1', 'u2']);
  });

  it('tracks the latest delivery by event time, and whether any bounce came since the last one recorded', () => {
    const state = foldRecipient([delivery('d2', 20), bounce('b', 25, 'soft', false)]);
    expect(state.bouncedSinceDelivery).toBe(true);
    const after = evolve(state, delivery('d1', 10));
    expect(after).toMatchObject({
      bouncedSinceDelivery: false,
      lastDeliveryAt: START + 20 * MINUTE,
      lastDeliveryEventId: 'd2',
    });
    expect(evolve(after, delivery('d3', 20))).toMatchObject({
      lastDeliveryAt: START + 20 * MINUTE,
      lastDeliveryEventId: 'd3',
    });
    expect(evolve(after, delivery('d4', 30))).toMatchObject({
      lastDeliveryAt: START + 30 * MINUTE,
      lastDeliveryEventId: 'd4',
    });
  });

  it('clears the standing when a quarantine is lifted', () => {
    const quarantined: RecipientEvent = {
      type: 'RecipientQuarantined',
      eventId: 'q',
      recordedAt: at(1),
      data: { address: ADDRESS, trigger: 'b', policyVersion: 'p', explanation: '', until: at(60), evidence: ['b'] },
    };
    const lifted: RecipientEvent = {
      type: 'QuarantineLifted',
      eventId: 'l',
      recordedAt: at(2),
      data: { address: ADDRESS, trigger: 'd', policyVersion: 'p', explanation: '' },
    };
    expect(foldRecipient([bounce('b', 0), quarantined]).standing).toMatchObject({ kind: 'quarantined', until: at(60) });
    expect(foldRecipient([bounce('b', 0), quarantined, lifted]).standing).toStrictEqual({ kind: 'clear' });
  });

  it('ignores a revert of a restoration that does not stand', () => {
    const state = foldRecipient([bounce('b', 0)]);
    const revert: RecipientEvent = {
      type: 'RestorationReverted',
      eventId: 'r',
      recordedAt: at(1),
      data: { address: ADDRESS, occurredAt: at(1), restorationId: 'none', by: 'ops' },
    };
    expect(evolve(state, revert)).toStrictEqual({ ...state, eventCount: state.eventCount + 1 });
  });
});
