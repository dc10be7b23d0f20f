import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelRows } from '../support/cli-process';
import { AcknowledgementLedger } from './support/acknowledgement-ledger';
import { CrashableService } from './support/crashable-service';
import { freeLoopbackPort } from './support/free-port';
import type { IngestFact, IngestRequest } from './support/ingest-facts';
import { singleRequest } from './support/ingest-facts';
import type { IngestOutcome } from './support/ingest-load';
import { runIngestLoad } from './support/ingest-load';
import { IngestTraffic } from './support/ingest-traffic';
import type { LoggedEvent } from './support/log-snapshot';
import { occurrences, readEventLog, revisionGaps } from './support/log-snapshot';
import type { ReadModelRows } from './support/read-model-rebuild';
import { rebuiltReadModelRows, rowDifferences } from './support/read-model-rebuild';
import { SeededRandom } from './support/seeded-random';

const FULL = process.env.RELIABILITY_SCALE === 'full';
/** How long the service takes load between a healthy start and its kill, drawn per round. */
const PLAN = FULL
  ? { kills: 100, loadMs: [100, 5_000], workers: 24, recipients: 20_000 }
  : { kills: 12, loadMs: [150, 2_000], workers: 16, recipients: 2_000 };
const DAY = 24 * 60 * 60 * 1000;
/** Facts resent after a kill are dropped after this many attempts; the last round must then see them answered. */
const MAX_ATTEMPTS = 10;

const random = SeededRandom.fromEnvironment();

describe(`the embedded service killed with SIGKILL under ingest load (seed ${random.seed})`, () => {
  jest.setTimeout(FULL ? 1_800_000 : 240_000);

  const dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-crash-'));
  const ledger = new AcknowledgementLedger();
  const attempts = new Map<IngestFact, number>();
  let service: CrashableService;
  let resend: IngestFact[] = [];
  let cutOff = 0;
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
    for (const fact of ledger.record(outcome)) {
      cutOff++;
      const tries = (attempts.get(fact) ?? 1) + 1;
      attempts.set(fact, tries);
      if (tries <= MAX_ATTEMPTS) {
        resend.push(fact);
      }
    }
  };

  beforeAll(async () => {
    service = new CrashableService({ dataDir, port: await freeLoopbackPort() });
    for (let round = 0; round < PLAN.kills; round++) {
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
      await new Promise((resolve) => setTimeout(resolve, random.between(PLAN.loadMs[0]!, PLAN.loadMs[1]!)));
      await service.kill();
      stop.abort();
      await load;
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
    await service.kill();
    log = readEventLog(dataDir);
    served = readModelRows(dataDir);
  });

  afterAll(async () => {
    await service?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('was killed every round with requests in flight and came back on the same data each time', () => {
    expect(service.kills).toBe(PLAN.kills + 1);
    expect(service.starts).toBe(PLAN.kills + 1);
    expect(cutOff).toBeGreaterThan(0);
    expect(ledger.acknowledgedFacts).toBeGreaterThan(1_000);
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
    // A bounce is always recorded, so one answered only 200 was committed by an attempt that never got its answer.
    const committedUnanswered = [...attempts.keys()].filter((fact) => {
      const answers = ledger.answersFor(fact);
      return fact.type === 'bounce' && answers.length > 0 && answers.every((answer) => answer.status === 200);
    });
    expect(committedUnanswered.length).toBeGreaterThan(0);
  });

  it('holds no event id twice, no revision gap and no fact that no answer named', () => {
    expect([...occurrences(log)].filter(([, count]) => count > 1)).toEqual([]);
    expect(revisionGaps(log).slice(0, 5)).toEqual([]);
    expect(ledger.unclaimedIn(log).slice(0, 5)).toEqual([]);
  });

  it('has a read model equal to a rebuild from the log', async () => {
    expect(served.recipient_status?.length).toBeGreaterThan(100);
    expect(rowDifferences(served, await rebuiltReadModelRows(dataDir))).toEqual([]);
  });
});
