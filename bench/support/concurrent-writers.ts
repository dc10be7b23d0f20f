import { percentile } from './percentile';

export interface WritersRun {
  appends: number;
  failed: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

/** Upper bound on appends per writer, so a run ends by count even on a store faster than expected. */
const MAX_APPENDS_PER_WRITER = 1_000_000;

/**
 * Runs `writers` loops side by side until the deadline, each awaiting its own appends (`append(writer, sequence)`
 * writes one event to the writer's own stream). A rejected append counts as failed and the loop goes on.
 */
export async function runWriters(
  writers: number,
  durationMs: number,
  append: (writer: number, sequence: number) => Promise<void>,
): Promise<WritersRun> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let sequence = 0; sequence < MAX_APPENDS_PER_WRITER && performance.now() < deadline; sequence += 1) {
        const sent = performance.now();
        try {
          await append(writer, sequence);
          latencies.push(performance.now() - sent);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    appends: latencies.length,
    failed,
    seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}
