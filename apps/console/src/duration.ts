const UNITS_MS = { D: 86_400_000, H: 3_600_000, M: 60_000, S: 1_000 } as const;
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration of days and time (the policy's shape, e.g. P7D, PT24H), or undefined. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match;
  const part = (value: string | undefined, unit: number) => (value === undefined ? 0 : Number(value) * unit);
  return part(days, UNITS_MS.D) + part(hours, UNITS_MS.H) + part(minutes, UNITS_MS.M) + part(seconds, UNITS_MS.S);
}

/** P7D -> "7 days", PT24H -> "24 hours"; other shapes stay as written. */
export function describeDuration(text: string): string {
  const match = /^P(\d+)D$|^PT(\d+)H$/.exec(text);
  if (match?.[1] !== undefined) {
    return `${match[1]} day${match[1] === '1' ? '' : 's'}`;
  }
  if (match?.[2] !== undefined) {
    return `${match[2]} hour${match[2] === '1' ? '' : 's'}`;
  }
  return text;
}
