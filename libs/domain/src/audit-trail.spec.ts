import { auditTrail } from './audit-trail';
import { hardBounce, RecipientSpec, softBounce } from './testing/decider-spec';

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

  it('is empty for an empty stream', () => {
    expect(auditTrail([], new RecipientSpec().policy)).toEqual([]);
  });
});
