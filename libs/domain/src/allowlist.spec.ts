import type { AllowlistEvent } from './allowlist';
import { Allowlist, parseAllowlistEntry, toAllowlistEvent } from './allowlist';

function added(entry: string, kind: 'address' | 'domain'): AllowlistEvent {
  return {
    type: 'AllowlistEntryAdded',
    eventId: `add-${entry}`,
    recordedAt: '2026-01-01T00:00:00.000Z',
    data: { entry, kind, by: 'ops', reason: 'seed inbox' },
  };
}

describe('the allowlist', () => {
  it('matches an address by itself and by its domain, and not a subdomain or a lookalike', () => {
    const allowlist = new Allowlist();
    allowlist.apply(added('seed@inbox.example', 'address'));
    allowlist.apply(added('company.example', 'domain'));

    expect(allowlist.matching('seed@inbox.example')?.entry).toBe('seed@inbox.example');
    expect(allowlist.matching('anyone@company.example')?.entry).toBe('company.example');
    expect(allowlist.matching('other@inbox.example')).toBeUndefined();
    expect(allowlist.matching('anyone@mail.company.example')).toBeUndefined();
    expect(allowlist.matching('anyone@notcompany.example')).toBeUndefined();
  });

  it('forgets a removed entry and lists the rest in order', () => {
    const allowlist = new Allowlist();
    allowlist.apply(added('b.example', 'domain'));
    allowlist.apply(added('a@c.example', 'address'));
    allowlist.apply({
      type: 'AllowlistEntryRemoved',
      eventId: 'r',
      recordedAt: '2026-01-02T00:00:00.000Z',
      data: { entry: 'b.example', by: 'ops', reason: 'gone' },
    });

    expect(allowlist.matching('x@b.example')).toBeUndefined();
    expect(allowlist.list().map((entry) => entry.entry)).toEqual(['a@c.example']);
  });

  it.each([
    ['Seed@Inbox.Example', { entry: 'seed@inbox.example', kind: 'address' }],
    [' Company.Example ', { entry: 'company.example', kind: 'domain' }],
  ])('reads %j as a normalised entry', (input, expected) => {
    expect(parseAllowlistEntry(input)).toEqual(expected);
  });

  it.each([[''], ['no spaces.example com'], ['@'], [42], ['localhost']])('refuses %j naming the entry', (input) => {
    expect(parseAllowlistEntry(input)).toEqual({ error: expect.stringMatching(/^entry /) as unknown });
  });

  it('refuses a stored event it did not write', () => {
    expect(() =>
      toAllowlistEvent({ eventId: 'e', type: 'AllowlistEntryAdded', recordedAt: '', data: { entry: 'x.example' } }),
    ).toThrow(/e \(AllowlistEntryAdded\)/);
  });
});
