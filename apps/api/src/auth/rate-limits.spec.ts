import { rateLimits } from './rate-limits';

describe('rate limits per scope', () => {
  it('are the defaults when nothing is set', () => {
    expect(rateLimits(undefined)).toEqual({
      check: 120_000,
      ingest: 120_000,
      support: 6_000,
      policy: 600,
      admin: 600,
      metrics: 600,
    });
  });

  it('take each scope=count pair over its default, leaving the others, 0 included', () => {
    expect(rateLimits('ingest=3,check=0')).toMatchObject({ ingest: 3, check: 0, support: 6_000 });
  });
});
