import { openEmbeddedDatabase } from '@app/recipients';
import type { ServerProcess } from './support/bench-process';
import { startServer } from './support/bench-process';
import { cachedHistory } from './support/history-cache';
import { DURATION_S, failures, load, successRate } from './support/http-load';
import { median } from './support/percentile';
import type { Figure } from './support/results';
import { report } from './support/results';
import { timedPost } from './support/timed-request';
import { cpuSecondsOf } from './support/process-cpu';

/**
 * The embedded service on a store of BENCH_RECIPIENTS (default 1,000,000) recipients projected into the read model
 * (generated once into bench/.work/): cold start to healthy (median of a few starts, each a new process), then RSS
 * while it serves single and bulk checks (10,000 addresses each) for known addresses. The first bulk check builds the
 * read model's standing index, so it is timed on its own and followed by a pause before the measured run. The
 * high-water mark of its resident memory is held to 150 MB.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000_000);
const EVENTS_PER_RECIPIENT = 2;
const STARTS = 3;
const SAMPLED_ADDRESSES = 100_000;
const BULK_SIZE = 10_000;
const PORT = 3997;
const RSS_LIMIT_MB = 150;
const START_LIMIT_MS = 1000;
/** Long enough for the standing index of a million recipients to be built on a busy machine. */
const INDEX_BUILD_PAUSE_MS = 10_000;

/** Every n-th address of the read model, so checks hit recipients that exist, spread over the whole table. */
function sampleAddresses(dataDir: string): { rows: number; addresses: string[] } {
  const db = openEmbeddedDatabase(dataDir, { readonly: true });
  try {
    const rows = db.prepare('SELECT count(*) FROM recipient_status').pluck().get() as number;
    const step = Math.max(1, Math.floor(rows / SAMPLED_ADDRESSES));
    const addresses = db
      .prepare('SELECT address FROM recipient_status WHERE rowid % ? = 0 LIMIT ?')
      .pluck()
      .all(step, SAMPLED_ADDRESSES) as string[];
    return { rows, addresses };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  // A few planned recipients get no event (their only facts are redundant deliveries): plan 1% more.
  const dataDir = await cachedHistory(`recipients-${RECIPIENTS}`, {
    recipients: Math.ceil(RECIPIENTS * 1.01),
    events: RECIPIENTS * EVENTS_PER_RECIPIENT,
    project: true,
  });
  const { rows, addresses } = sampleAddresses(dataDir);
  const pick = (): string => addresses[Math.floor(Math.random() * addresses.length)] ?? 'nobody@example.com';
  const env = { DATA_DIR: dataDir };
  const starts: number[] = [];
  let api: ServerProcess | undefined;
  try {
    for (let i = 0; i < STARTS; i += 1) {
      await api?.stop();
      api = await startServer('dist/apps/api/src/main.js', env, PORT);
      starts.push(api.startMs);
    }
    if (api === undefined) {
      throw new Error('The service never started');
    }
    const idleRss = api.rssMb();
    const single = await load(api.url, {
      connections: 32,
      method: 'GET',
      next: () => ({ path: `/v1/suppressions/${encodeURIComponent(pick())}` }),
    });
    const bulkRequest = (): { path: string; body: { addresses: string[] } } => ({
      path: '/v1/suppressions:check',
      body: { addresses: Array.from({ length: BULK_SIZE }, pick) },
    });
    const firstBulkMs = await timedPost(api.url, bulkRequest());
    await new Promise((resolve) => setTimeout(resolve, INDEX_BUILD_PAUSE_MS));
    // What the index holds apart from what the bulk-check load adds: the peak has two sources, told apart here.
    const indexedRss = api.rssMb();
    const indexedPeak = api.peakRssMb();
    const bulkCpuBefore = cpuSecondsOf(api);
    const bulk = await load(api.url, { connections: 4, method: 'POST', next: bulkRequest });
    const bulkCpu = ((cpuSecondsOf(api) - bulkCpuBefore) * 1e6) / Math.max(1, bulk['2xx'] * BULK_SIZE);
    const startMs = median(starts);
    const peak = api.peakRssMb();
    const figures: Figure[] = [
      {
        name: 'recipients in the read model',
        value: rows,
        unit: 'recipients',
        target: `>= ${RECIPIENTS}`,
        met: rows >= RECIPIENTS,
      },
      {
        name: `cold start to healthy (median of ${STARTS})`,
        value: startMs,
        unit: 'ms',
        target: `<= ${START_LIMIT_MS}`,
        met: startMs <= START_LIMIT_MS,
      },
      { name: 'first cold start to healthy', value: starts[0] ?? 0, unit: 'ms' },
      { name: 'RSS when healthy, before checks', value: idleRss, unit: 'MB' },
      { name: 'single checks', value: successRate(single), unit: 'req/s' },
      { name: 'single check p99', value: single.latency.p99, unit: 'ms' },
      { name: 'first bulk check after the start (builds the index)', value: firstBulkMs, unit: 'ms' },
      { name: 'RSS once the index is built, before the measured bulk checks', value: indexedRss, unit: 'MB' },
      { name: 'peak RSS (VmHWM) before the measured bulk checks', value: indexedPeak, unit: 'MB' },
      {
        name: 'bulk check addresses/s',
        value: successRate(bulk) * BULK_SIZE,
        unit: 'addresses/s',
        target: '>= 1000000',
        met: successRate(bulk) * BULK_SIZE >= 1_000_000,
      },
      { name: 'bulk check server CPU per address', value: bulkCpu, unit: 'µs' },
      { name: 'check failures', value: failures(single) + failures(bulk), unit: 'responses' },
      { name: 'RSS after the checks', value: api.rssMb(), unit: 'MB' },
      { name: 'peak RSS (VmHWM)', value: peak, unit: 'MB', target: `<= ${RSS_LIMIT_MB}`, met: peak <= RSS_LIMIT_MB },
    ];
    report('memory', figures, { recipients: rows, durationSeconds: DURATION_S, starts, dataDir });
  } finally {
    await api?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
