/**
 * Reads one histogram from a Prometheus text exposition and estimates a quantile as the upper bound of the bucket
 * it falls in: an over-estimate by at most one bucket's width, which is what a scrape can tell.
 */
export interface ScrapedHistogram {
  count: number;
  /** Cumulative counts by upper bound, ascending; the last bound is Infinity. */
  buckets: { le: number; count: number }[];
}

export function scrapeHistogram(exposition: string, name: string): ScrapedHistogram {
  const buckets: { le: number; count: number }[] = [];
  const pattern = new RegExp(`^${name}_bucket\\{(?:.*,)?le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  for (const match of exposition.matchAll(pattern)) {
    buckets.push({ le: match[1] === '+Inf' ? Infinity : Number(match[1]), count: Number(match[2]) });
  }
  buckets.sort((a, b) => a.le - b.le);
  return { count: buckets[buckets.length - 1]?.count ?? 0, buckets };
}

export function quantileUpperBound(histogram: ScrapedHistogram, fraction: number): number {
  const wanted = histogram.count * fraction;
  return histogram.buckets.find((bucket) => bucket.count >= wanted)?.le ?? 0;
}
