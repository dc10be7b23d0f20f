import { MAX_SOFT_BOUNCE_LIMIT } from '@app/domain';
import type { TestApp } from '../support/test-app';
import { startTestApp } from '../support/test-app';
import { AcknowledgementLedger } from './support/acknowledgement-ledger';
import type { IngestFact } from './support/ingest-facts';
import { bounce, delivery, singleRequest } from './support/ingest-facts';
import { runIngestLoad } from './support/ingest-load';
import type { LoggedEvent } from './support/log-snapshot';
import { eventsByAddress, revisionGaps } from './support/log-snapshot';
import type { ServiceShape, ServiceStores } from './support/production-shape';
import { availableShapes, openServiceStores } from './support/production-shape';
import { rowDifferences } from './support/read-model-rebuild';
import { SeededRandom } from './support/seeded-random';

const FULL = process.env.RELIABILITY_SCALE === 'full';
const WRITERS = 50;
const HOUR = 60 * 60 * 1000;
const DECISIONS = new Set(['RecipientQuarantined', 'RecipientSuppressed', 'RecipientRestored', 'QuarantineLifted']);

const random = SeededRandom.fromEnvironment();

/** Each writer is one sequential client; all of them run at once against the same service. */
async function runWriters(api: TestApp, queues: IngestFact[][], ledger: AcknowledgementLedger): Promise<void> {
  await Promise.all(
    queues.map((queue) =>
      runIngestLoad({
        baseUrl: api.baseUrl,
        workers: 1,
        next: () => {
          const fact = queue.shift();
          return fact === undefined ? undefined : singleRequest(fact);
        },
        onOutcome: (outcome) => {
          ledger.record(outcome);
        },
        until: Date.now() + (FULL ? 1_200_000 : 120_000),
        maxRequests: 10_000,
      }),
    ),
  );
}

/** The service in process on a shape's stores of its own. */
async function startOn(shape: ServiceShape): Promise<{ api: TestApp; stores: ServiceStores }> {
  const stores = await openServiceStores(shape);
  return { api: await startTestApp(stores.env, { dataDir: stores.dataDir }), stores };
}

describe.each(availableShapes('concurrent writers'))(
  `concurrent writers on the %s shape (seed ${random.seed})`,
  (shape) => {
    jest.setTimeout(FULL ? 1_800_000 : 180_000);

    let api: TestApp;
    let stores: ServiceStores;
    const at = (offsetMs: number): string => new Date(api.clock.now() + offsetMs).toISOString();

    describe(`${WRITERS} writers on one recipient`, () => {
      const address = 'hot@concurrency.example.com';
      const OWN_BOUNCES = FULL ? 20 : 4;
      const ledger = new AcknowledgementLedger();
      let bounces: IngestFact[];
      let deliveries: IngestFact[];
      let history: { eventId: string; type: string; data: Record<string, unknown> }[];

      beforeAll(async () => {
        ({ api, stores } = await startOn(shape));
        // Every soft bounce counts and every delivery occurred before all of them: in any arrival order the run only
        // grows, so the recipient is quarantined once, then suppressed once, and never restored.
        const shared = Array.from({ length: 5 }, (_, i) =>
          bounce('soft', {
            address,
            occurredAt: at(-HOUR - i * 1000),
            messageId: `shared-${i}`,
            ...(i % 2 === 0 ? { eventId: `shared-event-${i}` } : {}),
          }),
        );
        const own = Array.from({ length: WRITERS }, (_, w) =>
          Array.from({ length: OWN_BOUNCES }, (_, k) =>
            bounce('soft', {
              address,
              occurredAt: at(-HOUR + (w * OWN_BOUNCES + k + 1) * 1000),
              messageId: `w${w}-b${k}`,
            }),
          ),
        );
        deliveries = Array.from({ length: WRITERS }, (_, w) =>
          delivery({ address, occurredAt: at(-2 * HOUR - w * 60_000), messageId: `w${w}-d` }),
        );
        bounces = [...shared, ...own.flat()];
        // Every writer sends the shared bounces too: 50 copies of each, racing each other.
        const queues = own.map((mine, w) => random.shuffle([...mine, ...shared, deliveries[w]!]));
        await runWriters(api, queues, ledger);
        const response = await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}/history`);
        history = response.body.events;
      });

      afterAll(async () => {
        await api.close();
        await stores.close();
      });

      it('answers every request within the contract', () => {
        expect(ledger.unexpected.slice(0, 5)).toEqual([]);
        expect(ledger.acknowledgedFacts).toBe(bounces.length + deliveries.length);
      });

      it('records every distinct bounce exactly once, and a resent one under one id with one 201 among its copies', () => {
        // The audit leaves the address out of each entry's data; the ledger matches facts on it.
        const asLog = history.map((entry, revision) => ({
          ...entry,
          data: { ...entry.data, address },
          position: revision,
          streamId: address,
          revision,
        }));
        expect(ledger.problemsWith(asLog).slice(0, 5)).toEqual([]);
        const loggedBounces = history.filter((entry) => entry.type === 'BounceReceived');
        expect(loggedBounces).toHaveLength(bounces.length);
        for (const fact of bounces.slice(0, 5)) {
          const answers = ledger.answersFor(fact);
          expect(answers).toHaveLength(WRITERS);
          expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
        }
      });

      it('records each delivery at most once, and only one that was answered 201', () => {
        const logged = new Set(history.filter((entry) => entry.type === 'DeliverySucceeded').map((e) => e.eventId));
        expect(logged.size).toBeGreaterThan(0);
        for (const fact of deliveries) {
          const [answer] = ledger.answersFor(fact);
          expect(logged.has(answer!.eventId)).toBe(answer!.status === 201);
        }
      });

      it('decides exactly what the rules give for that set of facts: quarantined once, then suppressed once', async () => {
        const decisions = history.filter((entry) => DECISIONS.has(entry.type));
        expect(decisions.map((entry) => entry.type)).toEqual(['RecipientQuarantined', 'RecipientSuppressed']);
        expect(decisions[1]!.data).toMatchObject({ cause: 'soft_bounce_limit' });
        const state = await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}`);
        expect(state.body).toMatchObject({ status: 'suppressed', suppressed: true, cause: 'soft_bounce_limit' });
        // The state keeps the newest bounces of the run, up to the largest limit a policy may set.
        const newest = bounces.map((fact) => fact.body.occurredAt).sort();
        expect(state.body.run.map((entry: { occurredAt: string }) => entry.occurredAt)).toEqual(
          newest.slice(-MAX_SOFT_BOUNCE_LIMIT),
        );
        expect(state.body.streamRevision).toBe(history.length - 1);
      });
    });

    describe(`${WRITERS} writers over many recipients`, () => {
      // Each append on EventStoreDB is also a claim of its event id: the production shape races over fewer recipients.
      const RECIPIENTS = FULL ? 10_000 : shape === 'embedded' ? 1_000 : 300;
      const ledger = new AcknowledgementLedger();
      const facts: IngestFact[] = [];
      const addressOf = (r: number): string => `r${r}@spread.example.com`;
      let log: LoggedEvent[];
      let closed = false;

      /** Four kinds of recipient whose final state does not depend on the order their facts arrive in. */
      const factsOf = (r: number): IngestFact[] => {
        const address = addressOf(r);
        const soft = (n: number) =>
          Array.from({ length: n }, (_, i) =>
            bounce('soft', { address, occurredAt: at(-HOUR + i * 1000), messageId: `r${r}-s${i}` }),
          );
        switch (r % 4) {
          case 0:
            return [...soft(2), bounce('hard', { address, occurredAt: at(-HOUR + 5000), eventId: `r${r}-hard` })];
          case 1:
            return soft(3);
          case 2:
            return soft(2);
          default:
            return [...soft(3), delivery({ address, occurredAt: at(-HOUR / 2), messageId: `r${r}-d` })];
        }
      };

      beforeAll(async () => {
        ({ api, stores } = await startOn(shape));
        const lanes: IngestFact[][] = Array.from({ length: WRITERS / 2 }, () => []);
        for (let r = 0; r < RECIPIENTS; r++) {
          // The facts of one recipient go to different lanes, so its writes race each other.
          factsOf(r).forEach((fact, i) => {
            facts.push(fact);
            lanes[(r + i * 7) % lanes.length]!.push(fact);
          });
        }
        // Two writers run each lane in the same order, so every fact is sent twice at nearly the same moment.
        const queues = lanes.flatMap((lane) => {
          random.shuffle(lane);
          return [[...lane], [...lane]];
        });
        await runWriters(api, queues, ledger);
        log = await stores.readEventLog();
        // The production shape's read model follows the log: the checks below read it once it has caught up.
        await stores.caughtUp();
      });

      afterAll(async () => {
        if (!closed) {
          await api.close();
        }
        await stores.close();
      });

      it('records every fact exactly once: one 201 and one 200 duplicate for its two copies', () => {
        expect(ledger.unexpected.slice(0, 5)).toEqual([]);
        expect(ledger.problemsWith(log).slice(0, 5)).toEqual([]);
        expect(revisionGaps(log).slice(0, 5)).toEqual([]);
        const notOncePerCopy = facts.filter((fact) => {
          const statuses = ledger.answersFor(fact).map((answer) => answer.status);
          return statuses.sort().join() !== '200,201';
        });
        expect(notOncePerCopy.slice(0, 5)).toEqual([]);
      });

      it('leaves each recipient in the state and with the decisions the rules give for its facts', async () => {
        const streams = eventsByAddress(log);
        const wrong: string[] = [];
        for (let r = 0; r < RECIPIENTS; r++) {
          const events = streams.get(addressOf(r)) ?? [];
          const decisions = events.filter((event) => DECISIONS.has(event.type));
          const suppressions = decisions.filter((event) => event.type === 'RecipientSuppressed');
          const { body } = await api.request('GET', `/v1/suppressions/${encodeURIComponent(addressOf(r))}`);
          const expected = [
            { status: 'suppressed', cause: 'hard_bounce', decisions: undefined },
            { status: 'suppressed', cause: 'soft_bounce_limit', decisions: 'RecipientQuarantined,RecipientSuppressed' },
            { status: 'quarantined', cause: undefined, decisions: 'RecipientQuarantined' },
            { status: 'deliverable', cause: undefined, decisions: undefined },
          ][r % 4]!;
          const ok =
            events.length === factsOf(r).length + decisions.length &&
            body.status === expected.status &&
            body.cause === expected.cause &&
            (expected.decisions === undefined || decisions.map((event) => event.type).join() === expected.decisions) &&
            (r % 4 !== 0 || (suppressions.length === 1 && suppressions[0]!.data.cause === 'hard_bounce'));
          if (!ok) {
            wrong.push(`${addressOf(r)}: ${JSON.stringify(body)} after ${events.map((event) => event.type).join()}`);
          }
        }
        expect(wrong.slice(0, 5)).toEqual([]);
      });

      it('keeps a read model equal to a rebuild from the log', async () => {
        closed = true;
        await api.close({ keepData: true });
        const served = await stores.readModelRows();
        expect(served.recipient_status).toHaveLength(RECIPIENTS);
        expect(rowDifferences(served, await stores.rebuiltReadModelRows())).toEqual([]);
      });
    });
  },
);
