import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy } from '@app/domain';
import { DEFAULT_POLICY_DOCUMENT, defaultPolicy, parsePolicy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import { generateHistory } from '@app/testing';
import { reevaluateRecipients } from './reevaluate-recipients';
import { simulatePolicy } from './policy-simulation';
import type { RecipientChange } from './simulation-report';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function strictPolicy(): Policy {
  const parsed = parsePolicy({
    ...DEFAULT_POLICY_DOCUMENT,
    version: 'strict-2',
    softBounce: { limit: 2, window: 'P10D', quarantineAt: 1, quarantineFor: 'PT48H' },
    overrides: [],
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.errors));
  }
  return parsed.policy;
}

/** The same store through the port's required methods alone, as EventStoreDB offers it: no stream scan. */
function portOnly(store: EventStore): EventStore {
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeAll: (...args) => store.subscribeAll(...args),
    eraseStream: (...args) => store.eraseStream(...args),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

describe('simulating a policy over a generated history', () => {
  let dataDir: string;
  let store: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'policy-simulation-'));
    await generateHistory({ dataDir, recipients: 300, events: 3000, seed: 11, end: NOW });
    store = createSqliteEventStore({ path: join(dataDir, 'recipient-state.sqlite') });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds no change under the policy in force, on the stream scan and on the log read alike', async () => {
    for (const source of [store, portOnly(store)]) {
      const report = await simulatePolicy({
        store: source,
        current: defaultPolicy(),
        candidate: defaultPolicy(),
        now: NOW,
      });
      expect(report.totals.recipients).toBeGreaterThan(250);
      expect(report.totals.changed).toBe(0);
      expect(report.complete).toBe(true);
    }
  });

  it('gives the same figures, kinds of change and changed recipients on both paths', async () => {
    const run = async (source: EventStore): Promise<{ report: unknown; changes: RecipientChange[] }> => {
      const changes: RecipientChange[] = [];
      const {
        elapsedMs: _elapsed,
        eventsPerSecond: _rate,
        engine,
        ...report
      } = await simulatePolicy({
        store: source,
        current: defaultPolicy(),
        candidate: strictPolicy(),
        now: NOW,
        onChange: (change) => changes.push(change),
      });
      expect(engine.path).toBe(source === store ? 'replay-facts' : 'event-log');
      // The example of each kind is the changed recipient with the first stream name, whatever the reading order.
      return { report, changes: changes.sort((a, b) => a.streamId.localeCompare(b.streamId)) };
    };
    const scanned = await run(store);
    const logged = await run(portOnly(store));
    expect(scanned.changes.length).toBeGreaterThan(0);
    expect(logged).toEqual(scanned);
  });

  it('stops early when aborted and says the figures are partial', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await simulatePolicy({
      store,
      current: defaultPolicy(),
      candidate: strictPolicy(),
      now: NOW,
      signal: controller.signal,
    });
    expect(report.complete).toBe(false);
  });

  it('re-evaluates, over the log read too, only the recipients whose answer the adopted policy changes, once', async () => {
    const policy = strictPolicy();
    const adoption = { policy, previous: defaultPolicy(), by: 'ops@company.test', now: NOW };
    const first = await reevaluateRecipients({ store: portOnly(store), adoption });
    expect(first.reevaluated).toBeGreaterThan(0);
    expect(first.complete).toBe(true);
    const again = await reevaluateRecipients({ store, adoption: { ...adoption, previous: policy } });
    expect(again.reevaluated).toBe(0);
    const after = await simulatePolicy({ store, current: policy, candidate: policy, now: NOW });
    expect(after.totals.changed).toBe(0);
  });
});
