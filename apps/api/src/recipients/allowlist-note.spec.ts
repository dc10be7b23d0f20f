import type { AllowlistEntry } from '@app/domain';
import { allowlistNote, isWithholdable } from './allowlist-note';

const entry: AllowlistEntry = {
  entry: 'company.example',
  kind: 'domain',
  by: 'postmaster',
  reason: 'our own domain',
  since: '2026-03-01T09:00:00.000Z',
};

describe('the note that says the allowlist withheld a suppression', () => {
  it('names the entry, who added it and when, and the status checks do not answer', () => {
    const note = allowlistNote(entry, { status: 'suppressed', cause: 'hard_bounce' }, false);

    expect(note).toEqual({
      entry: 'company.example',
      kind: 'domain',
      by: 'postmaster',
      reason: 'our own domain',
      since: '2026-03-01T09:00:00.000Z',
      withheld: { status: 'suppressed', cause: 'hard_bounce' },
      explanation:
        'Checks answer deliverable although the recorded status is suppressed (hard_bounce): the address is ' +
        'allowlisted by the domain entry company.example, added by postmaster on 2026-03-01T09:00:00.000Z ' +
        '("our own domain"). Bounces are still recorded and decided; removing the entry makes checks answer what ' +
        'was recorded.',
    });
  });

  it("points at the history's event when the note is about a decision of it", () => {
    const note = allowlistNote(entry, { status: 'quarantined', revision: 4 }, false);

    expect(note?.explanation).toMatch(
      /^Checks answer deliverable although the event at revision 4 made it quarantined:/,
    );
  });

  it.each([
    ['the address is not allowlisted', undefined, { status: 'suppressed' as const }, false],
    ['nothing was withheld', entry, undefined, false],
    [
      'erasure keeps the address suppressed, which the allowlist does not override',
      entry,
      { status: 'suppressed' as const },
      true,
    ],
  ])('says nothing when %s', (_, allowlisted, withheld, onDoNotSendList) => {
    expect(allowlistNote(allowlisted, withheld, onDoNotSendList)).toBeUndefined();
  });

  it('withholds only the statuses a check answers "do not send" for', () => {
    expect(
      ['deliverable', 'soft_bouncing', 'quarantined', 'suppressed'].filter((status) => isWithholdable(status as never)),
    ).toEqual(['quarantined', 'suppressed']);
  });
});
