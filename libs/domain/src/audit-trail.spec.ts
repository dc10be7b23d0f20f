import { auditTrail } from './audit-trail';
import { ADDRESS, hardBounce, RecipientSpec, softBounce } from './testing/decider-spec';

describe('auditTrail', () => {
  it('tells each event with the status before and after it, in stream order', () => {
    const spec = new RecipientSpec().given(['2026-01-01T10:00:00Z', hardBounce('2026-01-01T09:59:00Z')]);
    const trail = auditTrail(spec.events, spec.policy);
    expect(
      trail.map(({ revision, event, statusBefore, statusAfter }) => [revision, event.type, statusBefore, statusAfter]),
    ).toEqual([
      [0, 'BounceReceived', 'deliverable', 'deliverable'],
      [1, 'RecipientSuppressed', 'deliverable', 'suppressed'],
    ]);
    expect(trail[0]?.explanation).toMatch(/^Bounce from mta: mailbox unknown \(550 5.1.1\), classified hard/);
    expect(trail[1]?.explanation).toMatch(/^Suppressed after a hard bounce/);
  });

  it('reads each status at the moment its event was recorded', () => {
    const spec = new RecipientSpec().given(['2026-01-01T10:00:00Z', softBounce('2026-01-01T10:00:00Z')]);
    const [bounce] = auditTrail(spec.events, spec.policy);
    expect(bounce).toMatchObject({ statusBefore: 'deliverable', statusAfter: 'soft_bouncing' });
  });

  it('explains a complaint, an unsubscribe from one list and one from every list', () => {
    const spec = new RecipientSpec().given(
      [
        '2026-01-01T10:00:00Z',
        {
          type: 'RecordUnsubscribe',
          address: ADDRESS,
          occurredAt: '2026-01-01T10:00:00Z',
          method: 'link',
          list: 'news',
        },
      ],
      [
        '2026-01-01T11:00:00Z',
        { type: 'RecordUnsubscribe', address: ADDRESS, occurredAt: '2026-01-01T11:00:00Z', method: 'mail' },
      ],
      [
        '2026-01-01T12:00:00Z',
        {
          type: 'RecordComplaint',
          address: ADDRESS,
          occurredAt: '2026-01-01T12:00:00Z',
          source: 'mail',
          feedbackType: 'abuse',
          evidence: 'User-Agent: ExampleFBL/1.0',
        },
      ],
    );
    expect(auditTrail(spec.events, spec.policy).map((entry) => [entry.statusAfter, entry.explanation])).toEqual([
      [
        'deliverable',
        'Unsubscribe: the recipient unsubscribed from list news (unsubscribe link); ' +
          'it applies to that list only and does not suppress the address.',
      ],
      ['deliverable', 'Unsubscribe: the recipient unsubscribed from every list (unsubscribe mail).'],
      ['suppressed', 'Suppressed: the recipient unsubscribed from every list (unsubscribe mail).'],
      ['suppressed', 'Complaint: the recipient complained (abuse) via mail ("User-Agent: ExampleFBL/1.0").'],
      ['suppressed', 'Suppressed: the recipient complained (abuse) via mail.'],
    ]);
  });

  it('names a correction that overrides a complaint', () => {
    const spec = new RecipientSpec().given([
      '2026-01-01T10:00:00Z',
      { type: 'RecordCorrection', address: ADDRESS, by: 'ops@company.test', liftComplaint: true },
    ]);
    expect(auditTrail(spec.events, spec.policy)[0]?.explanation).toBe(
      'Address confirmed fixed by ops@company.test, lifting any complaint by explicit override.',
    );
  });

  it('is empty for an empty stream', () => {
    expect(auditTrail([], new RecipientSpec().policy)).toEqual([]);
  });
});
