import type { Suppression } from '../../api/types';
import { humanise } from '../../format';

const DAY_MS = 86_400_000;
/** Past this many days the buckets become weeks, so the bars stay readable. */
const MAX_DAILY_BUCKETS = 60;

export interface CountsOverTime {
  /** Bucket labels, oldest first: a day (2026-12-01) or the Monday of a week (week of 2026-11-30). */
  buckets: string[];
  /** One row per cause or reason: its count in each bucket. */
  series: { name: string; counts: number[] }[];
}

/**
 * Counts the suppressions by the day (or week) they were decided, per cause or per reason. The list endpoint holds
 * the recipients not sendable now, so this is when today's suppressions began, not every suppression ever made.
 * A quarantine has no cause or reason of its own: it counts as `quarantine`.
 */
export function countsOverTime(items: readonly Suppression[], key: 'cause' | 'reason'): CountsOverTime {
  const dated = items.filter((item) => item.since !== undefined).map((item) => ({ item, at: Date.parse(item.since!) }));
  if (dated.length === 0) {
    return { buckets: [], series: [] };
  }
  const first = Math.floor(Math.min(...dated.map(({ at }) => at)) / DAY_MS);
  const last = Math.floor(Math.max(...dated.map(({ at }) => at)) / DAY_MS);
  const weekly = last - first + 1 > MAX_DAILY_BUCKETS;
  const bucketOf = (day: number) => (weekly ? Math.floor((day - first) / 7) : day - first);
  const size = bucketOf(last) + 1;
  const buckets = Array.from({ length: size }, (_unused, index) => {
    const day = new Date((first + (weekly ? index * 7 : index)) * DAY_MS).toISOString().slice(0, 10);
    return weekly ? `week of ${day}` : day;
  });
  const rows = new Map<string, number[]>();
  for (const { item, at } of dated) {
    const name = humanise(item[key] ?? (item.status === 'quarantined' ? 'quarantine' : 'unspecified'));
    const counts = rows.get(name) ?? new Array<number>(size).fill(0);
    const bucket = bucketOf(Math.floor(at / DAY_MS));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
    rows.set(name, counts);
  }
  const series = [...rows].map(([name, counts]) => ({ name, counts })).sort((a, b) => a.name.localeCompare(b.name));
  return { buckets, series };
}
