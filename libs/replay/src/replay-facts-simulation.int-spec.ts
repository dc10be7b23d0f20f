import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy, PolicyDocument } from '@app/domain';
import {
  classificationCode,
  classifyBounce,
  DEFAULT_POLICY_DOCUMENT,
  defaultPolicy,
  encodeReplayFact,
  parsePolicy,
  RECIPIENT_STATUSES,
  ReplayFactFold,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import { generateHistory } from '@app/testing';
import { simulatePolicy } from './policy-simulation';
import { reevaluateRecipients } from './reevaluate-recipients';
import { replayFactsPath } from './replay-facts-file';
import { replayScannedBatch } from './scanned-streams';
import type { RecipientChange, SimulationPath } from './simulation-report';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function policy(changes: Partial<PolicyDocument>): Policy {
  const parsed = parsePolicy({ ...DEFAULT_POLICY_DOCUMENT, ...changes });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.errors));
  }
  return parsed.policy;
}

const CANDIDATES: Record<string, () => Policy> = {
  'the policy in force': defaultPolicy,
  'a stricter soft threshold': () =>
    policy({
      version: 'strict',
      softBounce: { limit: 2, window: 'P10D', quarantineAt: 1, quarantineFor: 'PT48H' },
    }),
  'a longer window': () =>
    policy({ version: 'long', softBounce: { limit: 5, window: 'P60D', quarantineAt: 3, quarantineFor: 'P7D' } }),
  'hard bounces ignored': () => policy({ version: 'no-hard', hardBounce: { action: 'ignore' } }),
  'undetermined bounces ignored, no restoration on delivery': () =>
    policy({ version: 'careful', undetermined: 'ignore', restoreOnDelivery: false }),
  overrides: () =>
    policy({
      version: 'overrides',
      overrides: [
        { match: { replyCode: 452 }, class: 'soft', reason: 'mailbox_full' },
        { match: { text: 'user unknown' }, class: 'soft', reason: 'mailbox_unavailable' },
        { match: { enhancedStatus: '5.1.1' }, class: 'hard', reason: 'mailbox_unknown' },
        { match: { provider: 'ses' }, class: 'undetermined', reason: 'undetermined', countsAgainstRecipient: true },
      ],
    }),
};

interface Outcome {
  report: unknown;
  changes: RecipientChange[];
}

async function simulate(
  store: EventStore,
  candidate: Policy,
  path: Exclude<SimulationPath, 'event-log'>,
): Promise<Outcome> {
  const changes: RecipientChange[] = [];
  const {
    elapsedMs: _elapsed,
    eventsPerSecond: _rate,
    engine,
    ...report
  } = await simulatePolicy({
    store,
    current: defaultPolicy(),
    candidate,
    now: NOW,
    path,
    onChange: (change) => changes.push(change),
  });
  expect(engine.path).toBe(path);
  return { report, changes: changes.sort((a, b) => a.streamId.localeCompare(b.streamId)) };
}

describe('simulating over the replay projection', () => {
  let dataDir: string;
  let storePath: string;
  let store: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'replay-facts-'));
    await generateHistory({ dataDir, recipients: 400, events: 5000, seed: 23, end: NOW });
    storePath = join(dataDir, 'recipient-state.sqlite');
    store = createSqliteEventStore({ path: storePath });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(Object.keys(CANDIDATES))(
    'reports what the stream scan reports, change by change, under %s',
    async (name) => {
      const candidate = CANDIDATES[name]!();
      const scanned = await simulate(store, candidate, 'stream-scan');
      const projected = await simulate(store, candidate, 'replay-facts');
      expect(projected).toEqual(scanned);
      expect((scanned.report as { totals: { recipients: number } }).totals.recipients).toBeGreaterThan(350);
      if (name !== 'the policy in force') {
        expect(scanned.changes.length).toBeGreaterThan(0);
      }
    },
    30_000,
  );

  it.each(Object.keys(CANDIDATES))(
    'folds every recipient to the statuses and causes the domain rules give, under %s',
    async (name) => {
      const candidate = CANDIDATES[name]!();
      const sides = { current: defaultPolicy(), candidate, now: NOW };
      const fold = new ReplayFactFold(candidate);
      let folded = 0;
      for await (const batch of store.scanStreams!()) {
        replayScannedBatch(
          batch,
          sides,
          (_streamId, replay, events) => {
            fold.reset();
            // Revisions of the facts restorations were decided at, found by id, independently of the projection.
            const revisionOf = (eventId: string | undefined): number =>
              events.findIndex((other) => other.eventId === eventId);
            const triggerOf = (restorationId: string): string | undefined =>
              events.flatMap((other) =>
                other.type === 'RecipientRestored' && other.data.restorationId === restorationId
                  ? [other.data.trigger]
                  : [],
              )[0];
            for (const event of events) {
              const { kind, code, at, recordedAt, evidence, restoration } = encodeReplayFact(event);
              const classified =
                evidence === undefined ? 0 : classificationCode(classifyBounce(evidence, candidate.overrides));
              const trigger =
                restoration === undefined ? 0 : revisionOf(restoration.trigger ?? triggerOf(restoration.id));
              fold.add(kind, code, classified, at, recordedAt, trigger);
            }
            if (fold.complex) {
              return;
            }
            const expected = replay.compare();
            const actual = fold.compare(sides.current, NOW);
            expect([RECIPIENT_STATUSES[actual.current], RECIPIENT_STATUSES[actual.candidate], actual.changed]).toEqual([
              expected.current.status,
              expected.candidate.status,
              expected.changed,
            ]);
            folded++;
          },
          { events: 0, recipients: 0, skipped: 0 },
        );
      }
      expect(folded).toBeGreaterThan(350);
    },
    30_000,
  );

  it('catches up with events appended since, re-evaluations and unknown types included', async () => {
    const strict = CANDIDATES['a stricter soft threshold']!();
    await simulate(store, strict, 'replay-facts');
    const adoption = await reevaluateRecipients({
      store,
      adoption: { policy: strict, previous: defaultPolicy(), by: 'ops@company.test', now: NOW },
    });
    expect(adoption.reevaluated).toBeGreaterThan(0);
    const [streamId] = (await simulate(store, strict, 'stream-scan')).changes.map((change) => change.streamId);
    const target = streamId ?? `${RECIPIENT_STREAM_PREFIX}ffff`;
    await store.append(target, [{ eventId: randomUUID(), type: 'NotARecipientEvent', data: {} }], 'any');
    for (const name of Object.keys(CANDIDATES)) {
      const candidate = CANDIDATES[name]!();
      const projected = await simulate(store, candidate, 'replay-facts');
      expect(projected).toEqual(await simulate(store, candidate, 'stream-scan'));
      expect((projected.report as { skippedEvents: number }).skippedEvents).toBe(1);
    }
  }, 120_000);

  it('is rebuilt from the log when its file is deleted', async () => {
    const candidate = CANDIDATES.overrides!();
    const before = await simulate(store, candidate, 'replay-facts');
    rmSync(replayFactsPath(storePath), { force: true });
    expect(existsSync(replayFactsPath(storePath))).toBe(false);
    expect(await simulate(store, candidate, 'replay-facts')).toEqual(before);
    expect(existsSync(replayFactsPath(storePath))).toBe(true);
  }, 30_000);
});
