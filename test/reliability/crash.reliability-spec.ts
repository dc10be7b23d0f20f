import { AcknowledgementLedger } from './support/acknowledgement-ledger';
import { CrashableService } from './support/crashable-service';
import { freeLoopbackPort } from './support/free-port';
import type { IngestFact, IngestRequest } from './support/ingest-facts';
import { singleRequest } from './support/ingest-facts';
import type { IngestOutcome } from './support/ingest-load';
import { runIngestLoad } from './support/ingest-load';
import { IngestTraffic } from './support/ingest-traffic';
import type { LoggedEvent } from './support/log-snapshot';
import { occurrences, revisionGaps } from './support/log-snapshot';
import type { ProductionStores, ServiceShape, ServiceStores } from './support/production-shape';
import { availableShapes, openServiceStores } from './support/production-shape';
import type { ReadModelRows } from './support/read-model-rebuild';
import { rowDifferences } from './support/read-model-rebuild';
import { SeededRandom } from './support/seeded-random';
import { setAsideUnavailable } from './support/store-outage';

const FULL = process.env.RELIABILITY_SCALE === 'full';
/**
 * How long the service takes load between a healthy start and its kill, drawn per round. On the production shape the
 * stand-in and PostgreSQL keep running while the service is killed; every `standInRestartEvery`-th round the stand-in
 * itself is also stopped mid-load for `standInDownMs` and started again on its port and log, as a node restart.
 */
interface Plan {
  kills: number;
  loadMs: [number, number];
  workers: number;
  recipients: number;
  /** Facts acknowledged over the whole run, at least: the kills must have cut real traffic. */
  minAcknowledged: number;
  standInRestartEvery?: number;
  standInDownMs?: [number, number];
}
// Over EventStoreDB a fact costs three round trips (read, id claim, append) and a start warms a gRPC channel first, so
// the production shape's rounds are fewer and longer.
const PLANS: Record<ServiceShape, Plan> = FULL
  ? {
      embedded: { kills: 100, loadMs: [100, 5_000], workers: 24, recipients: 20_000, minAcknowledged: 1_000 },
      production: {
        ...{ kills: 30, loadMs: [1_000, 8_000], workers: 24, recipients: 5_000, minAcknowledged: 1_000 },
        ...{ standInRestartEvery: 3, standInDownMs: [100, 3_000] },
      },
    }
  : {
      embedded: { kills: 12, loadMs: [150, 2_000], workers: 16, recipients: 2_000, minAcknowledged: 1_000 },
      production: {
        ...{ kills: 5, loadMs: [2_000, 4_000], workers: 8, recipients: 1_000, minAcknowledged: 100 },
        ...{ standInRestartEvery: 3, standInDownMs: [100, 1_000] },
      },
    };
const DAY = 24 * 60 * 60 * 1000;
/** Facts resent after a kill are dropped after this many attempts; the last round must then see them answered. */
const MAX_ATTEMPTS = 10;

const random = SeededRandom.fromEnvironment();

describe.each(availableShapes('the crash suite'))(
  `the service on the %s shape killed with SIGKILL under ingest load (seed ${random.seed})`,
  (shape) => {
    const PLAN = PLANS[shape];
    jest.setTimeout(FULL ? 1_800_000 : 240_000);

    let stores: ServiceStores;
    const ledger = new AcknowledgementLedger();
    const attempts = new Map<IngestFact, number>();
    let service: CrashableService;
    let resend: IngestFact[] = [];
    let cutOff = 0;
    let standInRestarts = 0;
    /** From a restart of the stand-in until the kill that ends its round. */
    let standInRestarting = false;
    const refusedWhileDown: IngestFact[] = [];
    let log: LoggedEvent[];
    let served: ReadModelRows;

    const traffic = new IngestTraffic({
      random,
      recipients: PLAN.recipients,
      hotRecipients: 20,
      hotShare: 0.3,
      batchShare: 0.08,
      maxBatch: 50,
      maxAgeMs: 10 * DAY,
      now: () => Date.now(),
    });

    /** Facts cut off by a kill go out again, first and one by one, as a webhook sender retries them. */
    const nextRequest = (): IngestRequest => {
      const again = resend.shift();
      return again === undefined ? traffic.request() : singleRequest(again);
    };

    const file = (outcome: IngestOutcome): void => {
      // While the stand-in restarts, the service refuses with 503 (nothing recorded): those facts are sent again once
      // the round is over, as a webhook sender retries later, and count as no attempt of the kills.
      const { retryLater, answered } = standInRestarting
        ? setAsideUnavailable(outcome)
        : { retryLater: [], answered: outcome };
      refusedWhileDown.push(...retryLater);
      for (const fact of answered === undefined ? [] : ledger.record(answered)) {
        cutOff++;
        const tries = (attempts.get(fact) ?? 1) + 1;
        attempts.set(fact, tries);
        if (tries <= MAX_ATTEMPTS) {
          resend.push(fact);
        }
      }
    };

    /** Bounces answered only 200: a bounce is always recorded, so an attempt that never got its answer committed it. */
    const committedUnanswered = (): IngestFact[] =>
      [...attempts.keys()].filter((fact) => {
        const answers = ledger.answersFor(fact);
        return fact.type === 'bounce' && answers.length > 0 && answers.every((answer) => answer.status === 200);
      });
    let rounds = 0;

    beforeAll(async () => {
      stores = await openServiceStores(shape);
      service = new CrashableService({ dataDir: stores.dataDir, port: await freeLoopbackPort(), env: stores.env });
      // A kill lands between a commit and its answer only by chance: past the planned kills, rounds go on (up to twice
      // as many) until one has, so the duplicate path below is always exercised.
      for (
        let round = 0;
        round < PLAN.kills || (round < 2 * PLAN.kills && committedUnanswered().length === 0);
        round++
      ) {
        rounds++;
        await service.start();
        const stop = new AbortController();
        const load = runIngestLoad({
          baseUrl: service.url,
          workers: PLAN.workers,
          next: nextRequest,
          onOutcome: file,
          until: Date.now() + 60_000,
          maxRequests: 100_000,
          signal: stop.signal,
        });
        await pause(random.between(PLAN.loadMs[0], PLAN.loadMs[1]));
        if (PLAN.standInRestartEvery !== undefined && round % PLAN.standInRestartEvery === 1) {
          const [shortest, longest] = PLAN.standInDownMs ?? [0, 0];
          standInRestarting = true;
          await (stores as ProductionStores).restartEventStore(random.between(shortest, longest));
          standInRestarts++;
          await pause(random.between(PLAN.loadMs[0], PLAN.loadMs[1]));
        }
        await service.kill();
        stop.abort();
        await load;
        standInRestarting = false;
        resend.push(...refusedWhileDown.splice(0));
      }
      // One more start: whatever the kills cut off is sent again until answered, then the service dies once more.
      await service.start();
      const pending = resend;
      resend = [];
      await runIngestLoad({
        baseUrl: service.url,
        workers: PLAN.workers,
        next: () => {
          const fact = pending.shift();
          return fact === undefined ? undefined : singleRequest(fact);
        },
        onOutcome: (outcome) => resend.push(...ledger.record(outcome)),
        until: Date.now() + 60_000,
        maxRequests: 100_000,
      });
      // The production shape's read model follows the log: the last kill comes once it has caught up.
      await stores.caughtUp();
      await service.kill();
      log = await stores.readEventLog();
      served = await stores.readModelRows();
    });

    afterAll(async () => {
      await service?.kill();
      await stores?.close();
    });

    it('was killed every round with requests in flight and came back on the same data each time', () => {
      expect(rounds).toBeGreaterThanOrEqual(PLAN.kills);
      expect(service.kills).toBe(rounds + 1);
      expect(service.starts).toBe(rounds + 1);
      expect(cutOff).toBeGreaterThan(0);
      expect(ledger.acknowledgedFacts).toBeGreaterThan(PLAN.minAcknowledged);
      if (PLAN.standInRestartEvery !== undefined) {
        expect(standInRestarts).toBeGreaterThan(0);
      }
    });

    it('gave every request that reached it an answer of the contract, and answered every resent fact', () => {
      expect(ledger.unexpected.slice(0, 5)).toEqual([]);
      expect(resend).toEqual([]);
      expect([...attempts.values()].filter((tries) => tries > MAX_ATTEMPTS)).toEqual([]);
    });

    it('keeps every acknowledged event in the log exactly once, with the data that was sent', () => {
      expect(ledger.problemsWith(log).slice(0, 5)).toEqual([]);
    });

    it('answers a resent fact whose first answer the kill cut off as a duplicate, not as a new event', () => {
      expect(committedUnanswered().length).toBeGreaterThan(0);
    });

    it('holds no event id twice, no revision gap and no fact that no answer named', () => {
      expect([...occurrences(log)].filter(([, count]) => count > 1)).toEqual([]);
      expect(revisionGaps(log).slice(0, 5)).toEqual([]);
      expect(ledger.unclaimedIn(log).slice(0, 5)).toEqual([]);
    });

    it('has a read model equal to a rebuild from the log', async () => {
      expect(served.recipient_status?.length).toBeGreaterThan(100);
      expect(rowDifferences(served, await stores.rebuiltReadModelRows())).toEqual([]);
    });
  },
);

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
