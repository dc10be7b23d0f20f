/**
 * Dates as mail writes them (RFC 5322 §3.3, with the obsolete zone names of §4.3), turned into RFC 3339 UTC. A date
 * without a zone is not an instant, so it reads as absent and the next source of the time is used.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NAMED_ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4 * 60,
  est: -5 * 60,
  cdt: -5 * 60,
  cst: -6 * 60,
  mdt: -6 * 60,
  mst: -7 * 60,
  pdt: -7 * 60,
  pst: -8 * 60,
};
const RFC5322_DATE =
  /^(?:[a-z]{3},?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,3})?$/i;
const RFC3339_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function toRfc3339(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const text = value
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (RFC3339_DATE.test(text)) {
    return isoOrUndefined(Date.parse(text.replace(' ', 'T')));
  }
  const parts = RFC5322_DATE.exec(text);
  if (parts === null) {
    return undefined;
  }
  const [, day, monthName, yearText, hour, minute, second, zone] = parts;
  const month = MONTHS.indexOf(monthName!.toLowerCase());
  const offset = zoneOffsetMinutes(zone);
  if (month < 0 || offset === undefined) {
    return undefined;
  }
  const year = Number(yearText);
  const fullYear = yearText!.length > 2 ? year : year < 50 ? 2000 + year : 1900 + year;
  const fields = [Number(day), Number(hour), Number(minute), Number(second ?? 0)] as const;
  const utc = Date.UTC(fullYear, month, ...fields) - offset * 60_000;
  const check = new Date(Date.UTC(fullYear, month, ...fields));
  // Date.UTC rolls 31 February over into March; a date that does not exist is not a date.
  if (check.getUTCDate() !== fields[0] || fields[1] > 23 || fields[2] > 59 || fields[3] > 60) {
    return undefined;
  }
  return isoOrUndefined(utc);
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined) {
    return undefined;
  }
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (numeric !== null) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return NAMED_ZONES[zone.toLowerCase()];
}

function isoOrUndefined(milliseconds: number): string | undefined {
  return Number.isFinite(milliseconds) ? new Date(milliseconds).toISOString() : undefined;
}
