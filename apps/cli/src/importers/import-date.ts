/** A date without a zone (SendGrid's CSV "2024-03-05 10:11:12") is read as UTC, never as the machine's local time. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * Reads the dates the providers export: ISO 8601 with any number of fractional digits (Postmark writes seven),
 * Unix time in seconds (SendGrid `created`, SES `LastUpdateTime` from the API) or milliseconds, and RFC 2822.
 * Returns epoch milliseconds, or undefined when the value is not a date.
 */
export function parseImportDate(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return fromEpoch(value);
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    return fromEpoch(Number(text));
  }
  const ms = Date.parse(ZONELESS.test(text) ? `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : ''}` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

function fromEpoch(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) {
    return undefined;
  }
  // Seconds until the year 5138; anything larger is already milliseconds.
  return Math.round(value < 1e11 ? value * 1000 : value);
}
