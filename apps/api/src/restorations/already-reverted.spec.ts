import type { RecipientEvent } from '@app/domain';
import { alreadyRevertedRejection } from './already-reverted';

const address = 'jane@example.com';
const reverted = (restorationId: string, by: string, occurredAt: string): RecipientEvent => ({
  type: 'RestorationReverted',
  eventId: `revert-${restorationId}`,
  recordedAt: occurredAt,
  data: { address, occurredAt, restorationId, by, note: 'wrongly restored' },
});

describe('a revert of a restoration that was reverted before', () => {
  it('is refused with who reverted it and when, naming the restoration', () => {
    const events = [
      reverted('r-1', 'someone', '2026-03-01T09:00:00.000Z'),
      reverted('r-2', 'lead@company.test', '2026-03-02T10:00:00.000Z'),
    ];
    expect(alreadyRevertedRejection(events, 'r-2')).toEqual({
      outcome: 'rejected',
      code: 'conflict',
      field: 'restorationId',
      message: 'restoration r-2 was already reverted at 2026-03-02T10:00:00.000Z by lead@company.test',
    });
  });

  it('is left to its own words when the restoration was never reverted', () => {
    expect(alreadyRevertedRejection([reverted('r-1', 'lead', '2026-03-01T09:00:00.000Z')], 'r-9')).toBeUndefined();
  });
});
