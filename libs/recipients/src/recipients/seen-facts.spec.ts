import type { RecipientEvent } from '@app/domain';
import { indexFacts } from '@app/domain';
import { SeenFacts } from './seen-facts';

const AT = '2026-03-01T00:00:00.000Z';

function delivery(eventId: string, messageId = eventId): RecipientEvent {
  return {
    type: 'DeliverySucceeded',
    eventId,
    recordedAt: AT,
    data: { address: 'jane@example.com', occurredAt: AT, messageId },
  };
}

function lifted(eventId: string): RecipientEvent {
  return { type: 'QuarantineLifted', eventId, recordedAt: AT, data: { address: 'jane@example.com' } } as RecipientEvent;
}

describe('SeenFacts', () => {
  it('indexes the facts of a stream exactly as indexFacts does, decisions left out', () => {
    const events = [delivery('a'), lifted('decision-1'), delivery('b'), delivery('c')];
    const seen = SeenFacts.empty().with(events.slice(0, 2)).with(events.slice(2));

    expect([...seen]).toEqual([...indexFacts(events)]);
    expect(seen.size).toBe(3);
    expect(seen.has('decision-1')).toBe(false);
  });

  it('leaves an older version as it was when a newer one is added to', () => {
    const first = SeenFacts.empty().with([delivery('a')]);
    const second = first.with([delivery('b')]);

    expect(first.has('b')).toBe(false);
    expect([...first.keys()]).toEqual(['a']);
    expect(second.get('b')).toBe(indexFacts([delivery('b')]).get('b'));
  });

  it('branches from an older version without the facts added to a newer one, and without changing either', () => {
    const first = SeenFacts.empty().with([delivery('a')]);
    const second = first.with([delivery('b')]);
    const branch = first.with([delivery('c')]);

    expect([...branch.keys()]).toEqual(['a', 'c']);
    expect([...second.keys()]).toEqual(['a', 'b']);
    expect([...first.keys()]).toEqual(['a']);
  });

  it('takes a fact id seen before with its latest fingerprint, as a map would, leaving older versions their own', () => {
    const first = SeenFacts.empty().with([delivery('a', 'm-1')]);
    const again = first.with([delivery('a', 'm-2')]);

    expect(again.get('a')).toBe(indexFacts([delivery('a', 'm-2')]).get('a'));
    expect(first.get('a')).toBe(indexFacts([delivery('a', 'm-1')]).get('a'));
    expect(again.size).toBe(1);
  });

  it('returns the same version when the events hold no fact', () => {
    const seen = SeenFacts.empty().with([delivery('a')]);

    expect(seen.with([lifted('decision-1')])).toBe(seen);
  });

  describe('resumed from a snapshot', () => {
    const past = indexFacts([delivery('old-1'), delivery('old-2', 'm-x')]);
    const lookup = jest.fn((eventIds: readonly string[]) =>
      Promise.resolve(new Map(eventIds.flatMap((id) => (past.has(id) ? [[id, past.get(id) as string] as const] : [])))),
    );
    beforeEach(() => lookup.mockClear());

    it('answers a fact before the snapshot as unseen until recalled, then with its stored fingerprint', async () => {
      const seen = SeenFacts.afterSnapshot().with([delivery('new-1')]);

      expect(seen.get('old-2')).toBeUndefined();
      expect(seen.get('new-1')).toBe(indexFacts([delivery('new-1')]).get('new-1'));
      await expect(seen.recall(lookup)).resolves.toBeUndefined();
      expect(lookup).toHaveBeenCalledWith(['old-2']);
      expect(seen.get('old-2')).toBe(past.get('old-2'));
      expect(seen.has('old-2')).toBe(true);
    });

    it('answers an id the store does not hold as unseen, without asking the store again before the next recall', async () => {
      const seen = SeenFacts.afterSnapshot();

      expect(seen.has('never')).toBe(false);
      await expect(seen.recall(lookup)).resolves.toBeUndefined();
      expect(seen.has('never')).toBe(false);
      expect(seen.recall(lookup)).toBeUndefined();
      expect(lookup).toHaveBeenCalledTimes(1);
    });

    it('shares what was recalled with the versions built on it', async () => {
      const before = SeenFacts.afterSnapshot();
      const after = before.with([delivery('new-1')]);
      after.get('old-1');
      await before.recall(lookup);

      expect(after.get('old-1')).toBe(past.get('old-1'));
      expect(before.get('old-1')).toBe(past.get('old-1'));
    });

    it('never asks the store when it holds the whole stream', () => {
      const seen = SeenFacts.empty().with([delivery('a')]);

      expect(seen.get('elsewhere')).toBeUndefined();
      expect(seen.recall(lookup)).toBeUndefined();
      expect(lookup).not.toHaveBeenCalled();
    });
  });
});
