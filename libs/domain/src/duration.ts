/**
 * ISO-8601 durations as the policy writes them (`P7D`, `PT24H`, `PT1.5S`). A day is exactly 24 hours here: policy
 * windows are measured between event timestamps, not on a calendar. Years and months have no fixed length and are
 * rejected rather than guessed.
 */

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const WEEKS = /^P(\d+)W$/;
const DAYS_AND_TIME = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d+))?S)?)?$/;
const EXAMPLES = 'for example P7D, PT24H or PT1.5S';

function invalid(message: string): DurationResult {
  return { ok: false, message };
}

export function parseDuration(text: string): DurationResult {
  if (typeof text !== 'string') {
    return invalid(`must be an ISO-8601 duration string, ${EXAMPLES}`);
  }
  const upper = text.toUpperCase();
  if (upper.startsWith('-')) {
    return invalid('must not be negative');
  }
  const [datePart = ''] = upper.split('T');
  if (upper.startsWith('P') && /[YM]/.test(datePart)) {
    return invalid(`years and months have no fixed length; use days or weeks (${EXAMPLES})`);
  }
  if (/[.,]\d*[WDHM]/.test(upper)) {
    return invalid('only the seconds component may have a fraction (for example PT1.5S, not PT1.5H)');
  }
  const weeks = WEEKS.exec(upper);
  if (weeks !== null) {
    return total(Number(weeks[1]) * WEEK);
  }
  const parts = DAYS_AND_TIME.exec(upper);
  if (parts === null || upper === 'P' || upper.endsWith('T')) {
    return invalid(`must be an ISO-8601 duration with days, hours, minutes or seconds, ${EXAMPLES}`);
  }
  const [, days, hours, minutes, seconds, fraction] = parts;
  if (fraction !== undefined && fraction.length > 3) {
    return invalid('durations are precise to the millisecond; use at most three decimal places for seconds');
  }
  return total(
    count(days) * DAY +
      count(hours) * HOUR +
      count(minutes) * MINUTE +
      count(seconds) * SECOND +
      Number((fraction ?? '').padEnd(3, '0')),
  );
}

function count(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits);
}

function total(ms: number): DurationResult {
  return Number.isSafeInteger(ms) ? { ok: true, ms } : invalid('is too long to represent in milliseconds');
}

/**
 * The canonical form of a whole number of milliseconds. Under two days it is counted in hours (`PT24H`, `PT36H`),
 * the way people speak of short periods; from two days it is counted in days (`P7D`, `P2DT12H`). Weeks are never
 * produced, so every duration has exactly one canonical text.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`formatDuration needs a non-negative whole number of milliseconds, got ${ms}`);
  }
  if (ms === 0) {
    return 'PT0S';
  }
  const days = ms >= 2 * DAY ? Math.floor(ms / DAY) : 0;
  let rest = ms - days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / SECOND);
  const millis = rest - seconds * SECOND;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0').replace(/0+$/, '')}`;
  const time =
    (hours > 0 ? `${hours}H` : '') +
    (minutes > 0 ? `${minutes}M` : '') +
    (seconds > 0 || millis > 0 ? `${seconds}${fraction}S` : '');
  return `P${days > 0 ? `${days}D` : ''}${time === '' ? '' : `T${time}`}`;
}
