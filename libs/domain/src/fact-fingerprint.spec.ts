import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';
import { canonicalJson, timelessSuppressionEventId } from './fact-fingerprint';
import { correction, decisionTypes, manualSuppression, RecipientSpec } from './testing/decider-spec';

describe('a suppression asked for without a time', () => {
  it('is the same event when the same request is repeated, so nothing more is appended', () => {
    const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', manualSuppression('ops', 'asked to stop')]);
    const repeat = spec.when('2026-03-01T10:05:00Z', manualSuppression('ops', 'asked to stop'));
    expect(repeat).toEqual({ outcome: 'duplicate', eventId: spec.events[0]?.eventId });
    expect(spec.events).toHaveLength(2);
  });

  it('is a new event when the request differs', () => {
    const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', manualSuppression('ops', 'asked to stop')]);
    const other = spec.when('2026-03-01T10:05:00Z', manualSuppression('ops', 'complained by phone'));
    expect(other.outcome).toBe('recorded');
    expect(other.eventId).not.toBe(spec.events[0]?.eventId);
  });

  it('suppresses again when asked after a correction lifted the first suppression', () => {
    const spec = new RecipientSpec().given(
      ['2026-03-01T10:00:00Z', manualSuppression('ops', 'asked to stop')],
      ['2026-03-02T10:00:00Z', correction('ops')],
    );
    const again = spec.when('2026-03-03T10:00:00Z', manualSuppression('ops', 'asked to stop'));
    expect(decisionTypes(again)).toEqual(['RecipientSuppressed']);
    expect(spec.statusAt('2026-03-03T10:00:01Z').status).toBe('suppressed');
  });

  it('conflicts when the caller reuses its event id for a different request', () => {
    const withId = (note: string) => ({ ...manualSuppression('ops', note), eventId: 'ticket-4711' });
    const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', withId('asked to stop')]);
    expect(spec.when('2026-03-01T10:05:00Z', withId('asked to stop')).outcome).toBe('duplicate');
    expect(spec.when('2026-03-01T10:06:00Z', withId('something else'))).toMatchObject({
      outcome: 'rejected',
      code: 'conflict',
      field: 'eventId',
    });
  });
});

describe('timelessSuppressionEventId', () => {
  const request = { address: 'jane@example.com', by: 'ops', cause: 'manual' as const, note: 'asked to stop' };

  it('is a UUID v5 of the canonical payload and the number of restorations so far', () => {
    expect(timelessSuppressionEventId(request, 2)).toBe(
      uuidV5(`SuppressionRequested|2|${canonicalJson(request)}`, RECIPIENT_STATE_NAMESPACE),
    );
  });

  it('does not depend on the order of the fields', () => {
    const reordered = { note: 'asked to stop', cause: 'manual' as const, by: 'ops', address: 'jane@example.com' };
    expect(timelessSuppressionEventId(reordered, 0)).toBe(timelessSuppressionEventId(request, 0));
  });

  it('cannot be forged by moving text between fields', () => {
    const shifted = { ...request, by: 'ops|manual', note: undefined };
    expect(timelessSuppressionEventId(shifted, 0)).not.toBe(timelessSuppressionEventId(request, 0));
  });
});
