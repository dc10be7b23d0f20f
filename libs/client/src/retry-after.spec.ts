import { retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 9, 21, 7, 27, 30);

  it('reads whole seconds', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', now)).toBe(30_000);
  });

  it('reads a date already past as no wait', () => {
    expect(retryAfterMs('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0);
  });

  it.each([['-1'], ['1.5'], ['soon'], ['']])('ignores %j, leaving the wait to the backoff', (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });

  it('is undefined without the header', () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
