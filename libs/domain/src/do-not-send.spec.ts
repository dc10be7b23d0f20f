import type { RecipientErased } from './do-not-send';
import { DoNotSendList, erasedStatus, toRecipientErased } from './do-not-send';

function erased(
  addressHash: string,
  keepSuppression: boolean,
  recordedAt = '2026-01-01T00:00:00.000Z',
): RecipientErased {
  return {
    type: 'RecipientErased',
    eventId: `${addressHash}-${recordedAt}`,
    recordedAt,
    data: { addressHash, by: 'dpo', reason: 'GDPR request', keepSuppression },
  };
}

describe('the do-not-send list', () => {
  it('keeps the hash of an erasure that keeps the suppression, and answers suppressed with cause erased', () => {
    const list = new DoNotSendList();
    list.apply(erased('h1', true));
    list.apply(erased('h2', false));

    const entry = list.entryFor('h1');
    expect(entry).toBeDefined();
    expect(list.entryFor('h2')).toBeUndefined();
    expect(entry && erasedStatus(entry)).toEqual({
      status: 'suppressed',
      suppressed: true,
      restored: false,
      cause: 'erased',
      reason: 'GDPR request',
      since: '2026-01-01T00:00:00.000Z',
    });
  });

  it('drops the hash when the address is erased again without keeping the suppression', () => {
    const list = new DoNotSendList();
    list.apply(erased('h1', true));
    list.apply(erased('h1', false, '2026-02-01T00:00:00.000Z'));

    expect(list.entryFor('h1')).toBeUndefined();
    expect(list.size).toBe(0);
  });

  it('refuses a stored erasure that is missing a field', () => {
    expect(() =>
      toRecipientErased({ eventId: 'e1', recordedAt: '', data: { addressHash: 'h', by: 'dpo', reason: 'r' } }),
    ).toThrow(/e1/);
  });
});
