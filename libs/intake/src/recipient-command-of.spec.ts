import { recipientCommandOf } from './recipient-command-of';

const base = { address: 'Jane@Example.com', occurredAt: '2026-11-01T10:00:00Z', eventId: 'e1', source: 'ses' };

describe('recipientCommandOf', () => {
  it('records a bounce with its evidence, under the address the caller normalised', () => {
    const smtp = { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: 'user unknown' };
    expect(recipientCommandOf({ ...base, kind: 'bounce', smtp, dsnStatus: '5.1.1' }, 'jane@example.com')).toEqual({
      type: 'RecordBounce',
      address: 'jane@example.com',
      occurredAt: base.occurredAt,
      eventId: 'e1',
      source: 'ses',
      messageId: undefined,
      smtp,
      providerVerdict: undefined,
      dsnStatus: '5.1.1',
    });
  });

  it('records a delivery, a complaint and an unsubscribe as their own commands', () => {
    expect(recipientCommandOf({ ...base, kind: 'delivery' }, 'jane@example.com').type).toBe('RecordDelivery');
    expect(
      recipientCommandOf({ ...base, kind: 'complaint', feedbackType: 'abuse', evidence: 'ARF' }, 'jane@example.com'),
    ).toMatchObject({ type: 'RecordComplaint', feedbackType: 'abuse', evidence: 'ARF' });
    expect(
      recipientCommandOf({ ...base, kind: 'unsubscribe', method: 'one_click', list: 'news' }, 'jane@example.com'),
    ).toMatchObject({ type: 'RecordUnsubscribe', method: 'one_click', list: 'news' });
  });
});
