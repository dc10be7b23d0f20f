import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  describe('reads', () => {
    it.each([
      ['days', 'P7D', 7 * DAY],
      ['zero days', 'P0D', 0],
      ['hours', 'PT24H', DAY],
      ['minutes, not months, after the T', 'PT15M', 15 * MINUTE],
      ['seconds', 'PT45S', 45 * SECOND],
      ['fractional seconds', 'PT1.5S', 1500],
      ['a comma as the decimal sign', 'PT0,25S', 250],
      ['milliseconds', 'PT0.001S', 1],
      ['every component together', 'P1DT2H3M4.005S', DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5],
      ['weeks', 'P2W', 14 * DAY],
      ['a day as exactly 24 hours', 'P1D', 24 * HOUR],
      ['hours beyond a day', 'PT36H', 36 * HOUR],
      ['lower-case letters', 'p1dt12h', DAY + 12 * HOUR],
    ])('%s (%s)', (_case, text, ms) => {
      expect(parseDuration(text)).toEqual({ ok: true, ms });
    });
  });

  describe('rejects', () => {
    it.each([
      ['years, whose length varies', 'P1Y', /years and months have no fixed length/],
      ['months, whose length varies', 'P3M', /years and months have no fixed length/],
      ['years beside days', 'P1Y2DT3H', /years and months have no fixed length/],
      ['a negative duration', '-P1D', /must not be negative/],
      ['a fraction outside the seconds', 'PT1.5H', /only the seconds component may have a fraction/],
      ['a fractional day', 'P0.5D', /only the seconds component may have a fraction/],
      ['more than millisecond precision', 'PT0.0001S', /precise to the millisecond/],
      ['a bare P', 'P', /must be an ISO-8601 duration/],
      ['a T with nothing after it', 'P1DT', /must be an ISO-8601 duration/],
      ['a bare T section', 'PT', /must be an ISO-8601 duration/],
      ['a number without units', '3600', /must be an ISO-8601 duration/],
      ['components out of order', 'PT5S1M', /must be an ISO-8601 duration/],
      ['weeks mixed with days', 'P1W2D', /must be an ISO-8601 duration/],
      ['an empty string', '', /must be an ISO-8601 duration/],
      ['plain words', '7 days', /must be an ISO-8601 duration/],
      ['surrounding whitespace', ' P7D ', /must be an ISO-8601 duration/],
      ['a length beyond what milliseconds can hold', `P${'9'.repeat(20)}D`, /too long/],
    ])('%s (%j)', (_case, text, message) => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toMatch(message);
    });

    it('a value that is not a string, as arrives from untyped JSON', () => {
      expect(parseDuration(7 as unknown as string)).toMatchObject({ ok: false });
    });
  });
});

describe('formatDuration', () => {
  it.each([
    ['zero as PT0S', 0, 'PT0S'],
    ['a week in days', 7 * DAY, 'P7D'],
    ['one day in hours', DAY, 'PT24H'],
    ['a day and a half in hours', 36 * HOUR, 'PT36H'],
    ['two days in days', 2 * DAY, 'P2D'],
    ['days with a time remainder', 2 * DAY + 12 * HOUR, 'P2DT12H'],
    ['minutes and seconds without empty hours', 90 * SECOND, 'PT1M30S'],
    ['milliseconds as a trimmed fraction', 1500, 'PT1.5S'],
    ['a single millisecond', 1, 'PT0.001S'],
    ['hours and milliseconds with nothing between', HOUR + 20, 'PT1H0.02S'],
  ])('writes %s', (_case, ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['not finite', Number.POSITIVE_INFINITY],
    ['not a number', Number.NaN],
  ])('refuses a %s number of milliseconds', (_case, ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });

  describe('as properties', () => {
    const anyMs = fc.oneof(fc.nat({ max: 30 * DAY }), fc.maxSafeNat());

    it('round-trips: parsing the formatted text gives back the milliseconds', () => {
      fc.assert(
        fc.property(anyMs, (ms) => {
          expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, ms });
        }),
      );
    });

    it('reads every combination of components as their sum', () => {
      const written = fc
        .record({ days: fc.nat(40), hours: fc.nat(100), minutes: fc.nat(200), millis: fc.nat(100_000) })
        .map(({ days, hours, minutes, millis }) => {
          const seconds = `${Math.floor(millis / 1000)}.${String(millis % 1000).padStart(3, '0')}`;
          return {
            text: `P${days}DT${hours}H${minutes}M${seconds}S`,
            ms: days * DAY + hours * HOUR + minutes * MINUTE + millis,
          };
        });
      fc.assert(
        fc.property(written, ({ text, ms }) => {
          expect(parseDuration(text)).toEqual({ ok: true, ms });
        }),
      );
    });

    it('writes one canonical shape: no zero components, days only from two days, smaller units below their carry', () => {
      const shape = /^P(?:([1-9]\d*)D)?(?:T(?:([1-9]\d*)H)?(?:([1-9]\d*)M)?(?:(\d+)(?:\.\d{0,2}[1-9])?S)?)?$/;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 400 * DAY }), (ms) => {
          const [, days, hours = '0', minutes = '0', seconds = '0'] = shape.exec(formatDuration(ms)) ?? [];
          expect(formatDuration(ms)).toMatch(shape);
          expect(days === undefined ? ms < 2 * DAY : ms >= 2 * DAY).toBe(true);
          expect(Number(hours)).toBeLessThan(days === undefined ? 48 : 24);
          expect(Number(minutes)).toBeLessThan(60);
          expect(Number(seconds)).toBeLessThan(60);
        }),
      );
    });
  });
});
