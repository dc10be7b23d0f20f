import { webhookEventId } from './webhook-event-id';

const PARTS = {
  source: 'ses',
  providerEventId: '0102018e0f3a-aaaa',
  address: 'Gone@Example.org',
  kind: 'bounce' as const,
  occurredAt: '2024-03-05T10:11:10.000Z',
};

describe('webhook event ids', () => {
  it('are name-based UUIDs (version 5), the same for the same parts', () => {
    expect(webhookEventId(PARTS)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(webhookEventId({ ...PARTS })).toBe(webhookEventId(PARTS));
  });

  it('do not depend on how the provider cased or padded the address', () => {
    expect(webhookEventId({ ...PARTS, address: ' gone@EXAMPLE.org ' })).toBe(webhookEventId(PARTS));
  });

  it.each([
    ['source', { source: 'sendgrid' }],
    ['provider id', { providerEventId: '0102018e0f3a-bbbb' }],
    ['address', { address: 'other@example.org' }],
    ['kind', { kind: 'delivery' as const }],
    ['time', { occurredAt: '2024-03-05T10:11:10.001Z' }],
  ])('change with the %s', (_part, change) => {
    expect(webhookEventId({ ...PARTS, ...change })).not.toBe(webhookEventId(PARTS));
  });

  it('cannot be made to collide by a separator inside a part', () => {
    const a = webhookEventId({ ...PARTS, source: 'a|b', providerEventId: 'c' });
    const b = webhookEventId({ ...PARTS, source: 'a', providerEventId: 'b|c' });
    expect(a).not.toBe(b);
  });
});
