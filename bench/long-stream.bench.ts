import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand, RecipientEvent } from '@app/domain';
import { decide, defaultPolicy, foldRecipient, indexFacts, initialRecipientState, toStoredEvent } from '@app/domain';
import type { BulkEvent } from '@app/event-store';
import { openSqliteBulkLoader, recipientStreamId } from '@app/event-store';
import {
  Clock,
  CurrentPolicy,
  EMBEDDED_DATABASE_FILE,
  loadEnvironment,
  openStores,
  RecipientCommandLoop,
  RecipientStateCache,
} from '@app/recipients';
import { projectHistory } from './support/history-cache';
import { percentile } from './support/percentile';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * What one command costs on a recipient with a long history against one on a new address, side by side in one run:
 * the command loop over the embedded store (inline projection and durable commit included), no HTTP. Commands run
 * one at a time, so each pays its own fsync on both sides and the ratio shows only what the history adds.
 * The uncached side clears the recipient cache before every command (as an eviction or a restart leaves it), on the
 * long stream and on a new address alternately, with the process CPU each command took.
 *   node dist/bench/long-stream.bench.js [--events 50000] [--commands 400] [--uncached 20]
 */
const HASH_KEY = 'a-bench-key-of-sixteen-characters';
const LONG_ADDRESS = 'long-history@example.com';
const MINUTE = 60_000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

/** A soft bounce or a delivery, alternating, one minute apart: every one is recorded (none is a heartbeat). */
function commandAt(address: string, n: number, at: number): RecipientCommand {
  const occurredAt = new Date(at).toISOString();
  return n % 2 === 0
    ? {
        type: 'RecordBounce',
        address,
        occurredAt,
        messageId: `m-${n}`,
        smtp: { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
      }
    : { type: 'RecordDelivery', address, occurredAt, messageId: `m-${n}` };
}

/** The long history, decided by the domain as the service would have, written straight into the file. */
async function writeLongHistory(dataDir: string, events: number, end: number): Promise<void> {
  const policy = defaultPolicy();
  const streamId = recipientStreamId(LONG_ADDRESS, HASH_KEY);
  const seenFacts = new Map<string, string>();
  let state = initialRecipientState();
  const written: BulkEvent[] = [];
  for (let n = 0; written.length < events; n++) {
    const at = end - (events - written.length) * MINUTE;
    const decision = decide(commandAt(LONG_ADDRESS, n, at), state, { policy, now: at, seenFacts });
    if (decision.outcome !== 'recorded') {
      throw new Error(`history command ${n} was ${decision.outcome}`);
    }
    const recorded: RecipientEvent[] = decision.events;
    state = foldRecipient(recorded, state);
    indexFacts(recorded, seenFacts);
    for (const event of recorded) {
      written.push({
        ...toStoredEvent(event),
        streamId,
        revision: written.length,
        recordedAt: event.recordedAt,
      });
    }
  }
  const loader = await openSqliteBulkLoader(join(dataDir, EMBEDDED_DATABASE_FILE));
  loader.write(written);
  loader.close();
  await projectHistory(dataDir);
}

async function timeEach(count: number, run: (n: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    await run(n);
    times.push(performance.now() - started);
  }
  return times;
}

/** Process CPU (user + system) milliseconds since an earlier reading. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Wall-clock and process CPU milliseconds of one run. */
async function measure(run: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

function p99(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.99,
  );
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

async function main(): Promise<void> {
  const historyEvents = option('--events', 50_000);
  const commands = option('--commands', 400);
  const uncached = option('--uncached', 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-long-stream-'));
  const end = Date.now() - 10 * MINUTE - commands * 2 * MINUTE;
  try {
    const generated = performance.now();
    await writeLongHistory(dataDir, historyEvents, end);
    console.log(`wrote ${historyEvents} events in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    const env = loadEnvironment({ ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite', READ_MODEL: 'sqlite' });
    const stores = await openStores(env, undefined, { startProjector: false });
    const cache = new RecipientStateCache(1000);
    const loop = new RecipientCommandLoop({
      store: stores.eventStore,
      addressHashKey: HASH_KEY,
      policy: new CurrentPolicy(defaultPolicy()),
      cache,
      clock: new Clock(),
      maxClockSkewMs: 300_000,
    });
    try {
      const at = (n: number): number => end + (n + 1) * MINUTE;
      const [coldLong] = await timeEach(1, () => loop.execute(commandAt(LONG_ADDRESS, -1, at(0))));
      const longCpu = process.cpuUsage();
      const long = await timeEach(commands, (n) => loop.execute(commandAt(LONG_ADDRESS, n, at(n + 1))));
      const longCpuMs = cpuMsSince(longCpu) / commands;
      const freshCpu = process.cpuUsage();
      const fresh = await timeEach(commands, (n) => loop.execute(commandAt(`new-${n}@example.com`, n, at(n + 1))));
      const freshCpuMs = cpuMsSince(freshCpu) / commands;
      cache.clear();
      const [evictedLong] = await timeEach(1, () => loop.execute(commandAt(LONG_ADDRESS, -2, at(commands + 2))));
      const uncachedLong: { ms: number; cpuMs: number }[] = [];
      const uncachedNew: { ms: number; cpuMs: number }[] = [];
      for (let n = 0; n < uncached; n++) {
        const when = at(commands + 3 + n);
        cache.clear();
        uncachedLong.push(await measure(() => loop.execute(commandAt(LONG_ADDRESS, commands + n, when))));
        cache.clear();
        uncachedNew.push(await measure(() => loop.execute(commandAt(`uncached-${n}@example.com`, n, when))));
      }
      const ratio = mean(long) / mean(fresh);
      const uncachedRatio = mean(uncachedLong.map((run) => run.cpuMs)) / mean(uncachedNew.map((run) => run.cpuMs));
      report(
        'long-stream',
        [
          { name: `command on a ${historyEvents}-event stream, mean`, value: mean(long), unit: 'ms' },
          { name: 'command on a long stream, p99', value: p99(long), unit: 'ms' },
          { name: 'command on a long stream, CPU', value: longCpuMs, unit: 'ms/command' },
          { name: 'command on a new address, mean', value: mean(fresh), unit: 'ms' },
          { name: 'command on a new address, CPU', value: freshCpuMs, unit: 'ms/command' },
          { name: 'command on a new address, p99', value: p99(fresh), unit: 'ms' },
          { name: 'long stream / new address', value: ratio, unit: 'ratio', target: '<= 1.5', met: ratio <= 1.5 },
          { name: 'first command on the long stream (not cached)', value: coldLong ?? 0, unit: 'ms' },
          { name: 'command on the long stream after the cache was cleared', value: evictedLong ?? 0, unit: 'ms' },
          { name: 'uncached command on the long stream, mean', value: mean(uncachedLong.map((r) => r.ms)), unit: 'ms' },
          {
            name: 'uncached command on the long stream, CPU',
            value: mean(uncachedLong.map((r) => r.cpuMs)),
            unit: 'ms/command',
          },
          { name: 'uncached command on a new address, mean', value: mean(uncachedNew.map((r) => r.ms)), unit: 'ms' },
          {
            name: 'uncached command on a new address, CPU',
            value: mean(uncachedNew.map((r) => r.cpuMs)),
            unit: 'ms/command',
          },
          {
            name: 'uncached long stream / new address, CPU',
            value: uncachedRatio,
            unit: 'ratio',
            target: '<= 1.5',
            met: uncachedRatio <= 1.5,
          },
        ] satisfies Figure[],
        { historyEvents, commands, uncached },
      );
    } finally {
      await stores.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
