import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy, PolicyDocument, RecipientEvent, StatusView } from '@app/domain';
import {
  answerChanged,
  DEFAULT_POLICY_DOCUMENT,
  defaultPolicy,
  foldRecipient,
  fromStoredEvent,
  isFact,
  parsePolicy,
  RECIPIENT_EVENT_TYPES,
  statusAt,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import { generateHistory } from '@app/testing';
import { reevaluateRecipients } from './reevaluate-recipients';
import { recordAdoption } from '@app/recipients';
import { simulatePolicy } from './policy-simulation';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ADOPTER = 'deliverability@company.test';
/** Generating, simulating twice and adopting a 20,000-event history takes seconds, more on a busy machine. */
const SLOW_MS = 120_000;

function policyOf(document: PolicyDocument): Policy {
  const parsed = parsePolicy(document);
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.errors));
  }
  return parsed.policy;
}

const CANDIDATES: { name: string; policy: Policy }[] = [
  {
    // Different overrides too: bounces are classified again, so the run itself can differ from the recorded one.
    name: 'stricter',
    policy: policyOf({
      ...structuredClone(DEFAULT_POLICY_DOCUMENT),
      version: 'strict-2',
      softBounce: { limit: 2, window: 'P10D', quarantineAt: 1, quarantineFor: 'PT48H' },
      overrides: [],
    }),
  },
  {
    name: 'looser',
    policy: policyOf({
      ...structuredClone(DEFAULT_POLICY_DOCUMENT),
      version: 'loose-1',
      softBounce: { limit: 5, window: 'P3D', quarantineAt: 4, quarantineFor: 'PT12H' },
      undetermined: 'ignore',
    }),
  },
];

type Streams = Map<string, RecipientEvent[]>;

async function readStreams(store: EventStore): Promise<Streams> {
  const streams: Streams = new Map();
  const known: ReadonlySet<string> = new Set(RECIPIENT_EVENT_TYPES);
  for await (const recorded of store.readAll({ pageSize: 4096 })) {
    if (!recorded.streamId.startsWith(RECIPIENT_STREAM_PREFIX) || !known.has(recorded.type)) {
      continue;
    }
    const events = streams.get(recorded.streamId) ?? [];
    events.push(fromStoredEvent(recorded, recorded.recordedAt));
    streams.set(recorded.streamId, events);
  }
  return streams;
}

function answer(events: readonly RecipientEvent[], policy: Policy): StatusView {
  return statusAt(foldRecipient(events), policy, NOW);
}

/** Status, whether to send and cause: the parts of an answer a change is judged by. */
function essentials(view: StatusView): Pick<StatusView, 'status' | 'suppressed' | 'cause'> {
  return { status: view.status, suppressed: view.suppressed, cause: view.cause };
}

describe('adopting a policy over a generated history', () => {
  let template: string;
  const figures: string[] = [];

  beforeAll(async () => {
    template = mkdtempSync(join(tmpdir(), 'policy-adoption-'));
    const generated = await generateHistory({
      dataDir: template,
      recipients: 2_000,
      events: 20_000,
      seed: 7,
      end: NOW,
    });
    figures.push(`generated history: ${generated.recipients} recipients, ${generated.events} events`);
  }, SLOW_MS);

  afterAll(() => {
    rmSync(template, { recursive: true, force: true });
    process.stdout.write(`${figures.join('\n')}\n`);
  });

  describe.each(CANDIDATES)('under a $name candidate', ({ name, policy }) => {
    let dataDir: string;
    let store: EventStore;

    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), `policy-adoption-${name}-`));
      cpSync(template, dataDir, { recursive: true });
      store = createSqliteEventStore({ path: join(dataDir, 'recipient-state.sqlite') });
    });

    afterAll(async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'changes exactly the recipients the simulation listed, each as listed, and nothing else',
      async () => {
        const current = defaultPolicy();
        const listed = new Map<string, { current: StatusView; candidate: StatusView }>();
        const simulation = await simulatePolicy({
          store,
          current,
          candidate: policy,
          now: NOW,
          onChange: (change) => listed.set(change.streamId, change),
        });
        const before = await readStreams(store);

        await recordAdoption(store, policy, ADOPTER, NOW);
        const outcome = await reevaluateRecipients({
          store,
          adoption: { policy, previous: current, by: ADOPTER, now: NOW },
        });
        const after = await readStreams(store);

        const changed = new Map<string, { current: StatusView; candidate: StatusView }>();
        const appended = new Map<string, RecipientEvent[]>();
        for (const [streamId, events] of before) {
          const now = after.get(streamId) ?? [];
          expect(now.slice(0, events.length)).toEqual(events);
          if (now.length > events.length) {
            appended.set(streamId, now.slice(events.length));
          }
          const was = answer(events, current);
          const is = answer(now, policy);
          if (answerChanged(was, is)) {
            changed.set(streamId, { current: was, candidate: is });
          }
        }
        expect(simulation.totals.changed).toBe(listed.size);
        expect([...changed.keys()].sort()).toEqual([...listed.keys()].sort());
        for (const [streamId, change] of changed) {
          const simulated = listed.get(streamId)!;
          expect([essentials(change.current), essentials(change.candidate)]).toEqual([
            essentials(simulated.current),
            essentials(simulated.candidate),
          ]);
        }
        // A decision only where the answer changes, one at most, naming who adopted the policy.
        expect([...appended.keys()].every((streamId) => listed.has(streamId))).toBe(true);
        expect(outcome.reevaluated).toBe(appended.size);
        for (const events of appended.values()) {
          expect(events).toHaveLength(1);
          expect(events[0]).toMatchObject({
            type: 'RecipientReevaluated',
            data: { by: ADOPTER, policyVersion: policy.version },
          });
          expect(events[0]?.data).toMatchObject({ explanation: expect.stringContaining(`by ${ADOPTER}:`) });
        }

        // Everyone else keeps their decisions, `since` and the policy version they were decided under.
        const untouched = [...before.keys()].filter((streamId) => !appended.has(streamId));
        const decidedUnderDefault = untouched.filter((streamId) => {
          const standing = foldRecipient(after.get(streamId)!).standing;
          expect(standing).toEqual(foldRecipient(before.get(streamId)!).standing);
          return standing.kind !== 'clear' && standing.policyVersion === current.version;
        });
        expect(decidedUnderDefault.length).toBeGreaterThan(0);

        // No re-evaluation opens a restoration: none is active that was not, and none exists that did not.
        for (const streamId of appended.keys()) {
          const was = foldRecipient(before.get(streamId)!);
          const is = foldRecipient(after.get(streamId)!);
          expect(Object.keys(is.restorations)).toEqual(Object.keys(was.restorations));
          if (is.restoration !== null) {
            expect(is.restoration).toEqual(was.restoration);
          }
        }

        const again = await simulatePolicy({ store, current: policy, candidate: policy, now: NOW });
        expect(again.totals.changed).toBe(0);

        const facts = [...before.values()].flat().filter(isFact).length;
        figures.push(
          `${name} (${policy.version}): ${simulation.totals.recipients} recipients, ${simulation.totals.events} events ` +
            `(${facts} facts); simulation listed ${listed.size} changes; adoption appended ${appended.size} ` +
            `re-evaluations; ${listed.size - appended.size} changed without a decision (answered under the policy ` +
            `at query time); second simulation: ${again.totals.changed} changes`,
        );
        expect(listed.size).toBeGreaterThan(0);
        expect(appended.size).toBeGreaterThan(0);
      },
      SLOW_MS,
    );

    it(
      'has nothing left to do when run again',
      async () => {
        const outcome = await reevaluateRecipients({
          store,
          adoption: { policy, previous: policy, by: ADOPTER, now: NOW },
        });
        expect(outcome).toMatchObject({ reevaluated: 0, complete: true });
      },
      SLOW_MS,
    );
  });
});
