/**
 * Provider clocks in the one form events carry (`toISOString`, UTC, milliseconds), so a redelivery written with
 * different precision or zone still derives the same event id.
 */

// The latest instant a Date can hold: ±8.64e15 ms (ECMA-262 21.4.1.1).
const MAX_EPOCH_MS = 8.64e15;
// ISO 8601 / RFC 3339 with a zone; also SES's `2018-10-08T14:05:45 +0000` and Postmark's 7 fractional digits.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})$/i;

/** UNIX seconds, integer or fractional, as a number or a numeric string (SendGrid, Mailgun). */
export function isoFromUnixSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    return undefined;
  }
  return isoFromEpochMs(Math.round(seconds * 1000));
}

/** A timestamp that names its zone; one without a zone is refused, since it names no single instant. */
export function isoFromTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = TIMESTAMP.exec(value.trim());
  if (match === null) {
    return undefined;
  }
  const [, date, time, fraction, zone] = match;
  const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const offset = zone!.toUpperCase() === 'Z' ? 'Z' : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
  return isoFromEpochMs(Date.parse(`${date}T${time}.${millis}${offset}`));
}

function isoFromEpochMs(ms: number): string | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? new Date(ms).toISOString() : undefined;
}
