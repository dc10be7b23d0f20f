/**
 * How long a `Retry-After` header asks the caller to wait, in milliseconds: the header holds either whole seconds
 * or an HTTP date (RFC 9110 section 10.2.3). Undefined when the header is absent or unreadable, so the caller falls
 * back to its own backoff; a date in the past means "now".
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) {
    return undefined;
  }
  return Math.max(0, at - now);
}
