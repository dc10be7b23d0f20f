/** Request headers as HTTP servers hand them over: names in any case, a repeated header as an array. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The single value of a header, looked up case-insensitively. A repeated header is `undefined`: which copy was
 * signed cannot be known, so neither is trusted.
 */
export function singleHeader(headers: RequestHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) {
      return typeof value === 'string' ? value : undefined;
    }
  }
  return undefined;
}
