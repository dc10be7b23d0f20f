import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand } from '@app/domain';
import { defaultPolicy } from '@app/domain';
import { openSqliteFile } from '@app/event-store';
import type { CommandOutcome, Stores } from '@app/recipients';
import {
  Clock,
  CurrentPolicy,
  loadEnvironment,
  openStores,
  RecipientCommandLoop,
  RecipientStateCache,
} from '@app/recipients';
import { command, DURATION_S, RECIPIENTS } from './support/http-load';
import { percentile } from './support/percentile';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * The write path without HTTP, side by side in one process and one run: a bare durable append (one transaction and
 * one fsync per append, as the HTTP baseline does), single commands through the command loop from 64 concurrent
 * writers, and 1,000-item batches both as one command per item and through `executeAll`. Each runs on a store of its
 * own with the embedded read model projected inline. Throughput and CPU per unit are both given: on a machine others
 * load, CPU per unit moves far less than throughput.
 *   node dist/bench/write-path.bench.js
 * BENCH_WRITE_PATH_PARTS=executeAll (a comma-separated list of bare, single, per-item, executeAll) runs only those,
 * e.g. to profile one with `node --cpu-prof`. BENCH_WRITE_PATH_RECIPIENTS=2000 draws the addresses from that many
 * recipients instead of the HTTP workload's 100,000, so most commands find their recipient recorded and cached.
 */
const WRITERS = 64;
const BATCH = 1000;
const HASH_KEY = 'a-bench-key-of-sixteen-characters';
const PARTS = ['bare', 'single', 'per-item', 'executeAll'] as const;
type Part = (typeof PARTS)[number];

function recipientPool(): number | undefined {
  const asked = process.env.BENCH_WRITE_PATH_RECIPIENTS;
  if (asked === undefined) {
    return undefined;
  }
  const pool = Number(asked);
  if (!Number.isSafeInteger(pool) || pool < 1) {
    throw new RangeError(`BENCH_WRITE_PATH_RECIPIENTS must be a positive integer, not ${asked}`);
  }
  return pool;
}
const RECIPIENT_POOL = recipientPool();

function partsToRun(): ReadonlySet<Part> {
  const asked = process.env.BENCH_WRITE_PATH_PARTS?.split(',').map((part) => part.trim());
  if (asked === undefined || asked.length === 0) {
    return new Set(PARTS);
  }
  const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) {
    throw new RangeError(`BENCH_WRITE_PATH_PARTS names ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`);
  }
  return new Set(asked as Part[]);
}

interface Run {
  units: number;
  seconds: number;
  cpuMicroseconds: number;
  latencies: number[];
}

async function timed(work: (latencies: number[]) => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const units = await work(latencies);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { units, seconds, cpuMicroseconds: (used.user + used.system) / Math.max(1, units), latencies };
}

function domainCommand(): RecipientCommand {
  const { path, body } = command();
  const fields = body as { address: string; occurredAt: string; messageId: string };
  if (RECIPIENT_POOL !== undefined) {
    fields.address = `user${Math.floor(Math.random() * RECIPIENT_POOL)}@example.com`;
  }
  return path === '/v1/deliveries'
    ? { type: 'RecordDelivery', ...fields }
    : {
        type: 'RecordBounce',
        ...fields,
        smtp: body.smtp as Extract<RecipientCommand, { type: 'RecordBounce' }>['smtp'],
      };
}

async function withLoop<T>(work: (loop: RecipientCommandLoop) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-write-path-'));
  const env = loadEnvironment({ ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite', READ_MODEL: 'sqlite' });
  let stores: Stores | undefined;
  try {
    stores = await openStores(env, undefined, { startProjector: false });
    const loop = new RecipientCommandLoop({
      store: stores.eventStore,
      addressHashKey: HASH_KEY,
      policy: new CurrentPolicy(defaultPolicy()),
      cache: new RecipientStateCache(env.STATE_CACHE_SIZE),
      clock: new Clock(),
      maxClockSkewMs: 300_000,
    });
    return await work(loop);
  } finally {
    await stores?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The naive ceiling: what the HTTP baseline does per request, one transaction and one fsync per append. */
function bareAppends(): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-write-path-bare-'));
  const db = openSqliteFile(join(dataDir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL,
      stream_revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL,
      recorded_at TEXT NOT NULL, UNIQUE (stream_id, stream_revision))`);
    const revisionOf = db.prepare<[string], { r: number | null }>(
      'SELECT MAX(stream_revision) AS r FROM events WHERE stream_id = ?',
    );
    const insert = db.prepare(
      'INSERT INTO events (stream_id, stream_revision, event_id, type, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const append = db.transaction((stream: string, body: string) => {
      const row = revisionOf.get(stream);
      insert.run(stream, (row?.r ?? -1) + 1, crypto.randomUUID(), 'BounceReceived', body, new Date().toISOString());
    });
    return timed((latencies) => {
      const end = performance.now() + DURATION_S * 1000;
      let count = 0;
      while (performance.now() < end) {
        const started = performance.now();
        const { body } = command();
        append(String(body.address), JSON.stringify(body));
        latencies.push(performance.now() - started);
        count++;
      }
      return Promise.resolve(count);
    });
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function singleCommands(): Promise<Run> {
  return withLoop((loop) =>
    timed(async (latencies) => {
      const end = performance.now() + DURATION_S * 1000;
      let count = 0;
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (performance.now() < end) {
            const started = performance.now();
            await loop.execute(domainCommand());
            latencies.push(performance.now() - started);
            count++;
          }
        }),
      );
      return count;
    }),
  );
}

/** Batches one after another, each either one command per item (recipients concurrent) or through `executeAll`. */
function batches(mode: 'per item' | 'executeAll'): Promise<Run> {
  const recorded = (outcome: CommandOutcome | Error): boolean =>
    !(outcome instanceof Error) && outcome.decision.outcome !== 'rejected';
  return withLoop((loop) =>
    timed(async (latencies) => {
      const end = performance.now() + DURATION_S * 1000;
      let count = 0;
      while (performance.now() < end) {
        const commands = Array.from({ length: BATCH }, domainCommand);
        const started = performance.now();
        const outcomes =
          mode === 'executeAll'
            ? await loop.executeAll(commands)
            : await Promise.all(commands.map((one) => loop.execute(one).catch((error: unknown) => error as Error)));
        latencies.push(performance.now() - started);
        count += outcomes.filter(recorded).length;
      }
      return count;
    }),
  );
}

function figuresOf(name: string, run: Run, unit: string): Figure[] {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return [
    { name: `${name}: ${unit}/s`, value: run.units / run.seconds, unit: `${unit}/s` },
    { name: `${name}: CPU per ${unit}`, value: run.cpuMicroseconds, unit: 'µs' },
    { name: `${name}: p99`, value: percentile(sorted, 0.99), unit: 'ms' },
  ];
}

async function main(): Promise<void> {
  const parts = partsToRun();
  const bare = parts.has('bare') ? await bareAppends() : undefined;
  const single = parts.has('single') ? await singleCommands() : undefined;
  const perItem = parts.has('per-item') ? await batches('per item') : undefined;
  const together = parts.has('executeAll') ? await batches('executeAll') : undefined;
  const figures: Figure[] = [];
  if (bare !== undefined) {
    figures.push(...figuresOf('bare append, one transaction each', bare, 'append'));
  }
  if (single !== undefined) {
    figures.push(...figuresOf(`single commands, ${WRITERS} writers`, single, 'command'));
  }
  if (bare !== undefined && single !== undefined) {
    const singleRatio = single.units / single.seconds / (bare.units / bare.seconds);
    figures.push({
      name: 'single commands / bare append',
      value: singleRatio,
      unit: 'ratio',
      target: '>= 1.2',
      met: singleRatio >= 1.2,
    });
  }
  if (perItem !== undefined) {
    figures.push(...figuresOf('batch, one command per item', perItem, 'item'));
  }
  if (together !== undefined) {
    figures.push(...figuresOf('batch, executeAll', together, 'item'));
  }
  if (perItem !== undefined && together !== undefined) {
    const batchRatio = together.units / together.seconds / (perItem.units / perItem.seconds);
    figures.push({ name: 'executeAll / one command per item', value: batchRatio, unit: 'ratio' });
  }
  figures.push({ name: 'load average (1 min) at the end', value: loadavg()[0] ?? 0, unit: 'processes' });
  report('write-path', figures, {
    durationSeconds: DURATION_S,
    writers: WRITERS,
    batch: BATCH,
    parts: [...parts],
    recipients: RECIPIENT_POOL ?? RECIPIENTS,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
