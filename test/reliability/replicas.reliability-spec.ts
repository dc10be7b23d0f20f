import { eventually, send, withToken } from '../support/test-app';
import { AcknowledgementLedger } from './support/acknowledgement-ledger';
import type { IngestFact } from './support/ingest-facts';
import type { LoggedEvent } from './support/log-snapshot';
import { eventsByAddress, occurrences, revisionGaps } from './support/log-snapshot';
import { decisionLabel, DECISION_TYPES, recipientEventsIn } from './support/replica-log';
import type { Acknowledged, SharedRecipientsPlan } from './support/replica-load';
import { ReplicaLoad, sharedRecipientFacts } from './support/replica-load';
import type { CheckAnswer, ReferenceRecipient } from './support/replica-reference';
import { checkAnswer, SingleProcessReference } from './support/replica-reference';
import type { ProjectorRoleSeen } from './support/replica-set';
import { ReplicaSet } from './support/replica-set';
import type { ProductionShape } from './support/replica-shape';
import { checkpointOf, readModelRowsOf, rebuiltRowsOf, startProductionShape } from './support/replica-shape';
import { rowDifferences } from './support/read-model-rebuild';
import { SeededRandom } from './support/seeded-random';

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined) {
  console.warn('Replica suite SKIPPED: DATABASE_URL is not set, so the replicas have no PostgreSQL to share');
}

const REPLICAS = 3;
/** Few recipients, many facts each, every fact sent twice to two replicas: commands on one recipient race. */
const SHARED: SharedRecipientsPlan = { recipients: 6, softBounces: 8, hardEvery: 2 };
const KILL_LOAD: SharedRecipientsPlan = { recipients: 30, softBounces: 6, hardEvery: 3 };
const COPIES = 2;
const WORKERS_PER_REPLICA = 6;
/** Bounds on what must happen on its own: a standby taking the lease over, the read model catching up. */
const TAKEOVER_BOUND_MS = 15_000;
const CATCH_UP_BOUND_MS = 30_000;
/** A fixed seed unless RELIABILITY_SEED names another: the run without the revision check must race every time. */
const random = new SeededRandom(Number(process.env.RELIABILITY_SEED ?? 1212));

/** What a run of shared load left behind, for the assertions. */
interface SharedRun {
  ledger: AcknowledgementLedger;
  facts: IngestFact[];
  log: LoggedEvent[];
  reference: Map<string, ReferenceRecipient>;
  unexplained: string[];
  /** Reads of the replica that had just acknowledged a fact: the stream revision it answered. */
  ownReads: { acknowledged: Acknowledged; status: number; revision: number | undefined }[];
  /** `Read-After: head` checks on another replica right after a hard bounce was acknowledged as suppressing. */
  otherReads: { acknowledged: Acknowledged; replica: number; status: number; answer: CheckAnswer }[];
  roles: ProjectorRoleSeen[][];
  requests: number;
  /** The load alone, then the load with the reference's replay. */
  loadMs: number;
  durationMs: number;
}

/** Samples every replica's projector role until stopped. */
function watchRoles(set: ReplicaSet, samples: ProjectorRoleSeen[][]): () => Promise<void> {
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      samples.push(await set.roles());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    stopped = true;
    await sampling;
  };
}

/** Drives shared load over the replicas, reading each write back as described on `SharedRun`. */
async function driveSharedLoad(
  set: ReplicaSet,
  shape: ProductionShape,
  reference: SingleProcessReference,
  label: string,
): Promise<SharedRun> {
  const started = performance.now();
  const ledger = new AcknowledgementLedger();
  const ownReads: SharedRun['ownReads'] = [];
  const otherReads: SharedRun['otherReads'] = [];
  const reads: Promise<void>[] = [];
  const roles: ProjectorRoleSeen[][] = [];
  const stopWatching = watchRoles(set, roles);
  const load = new ReplicaLoad(set.urls, {
    random,
    ledger,
    workersPerReplica: WORKERS_PER_REPLICA,
    onAcknowledged: (acknowledged) => {
      reads.push(readBack(set, acknowledged, ownReads, otherReads));
    },
  });
  const facts = sharedRecipientFacts(label, SHARED, Date.now()).flat();
  load.add(facts, COPIES);
  load.start();
  await load.finished();
  await Promise.all(reads);
  await stopWatching();
  const log = recipientEventsIn(shape.standIn.log);
  const loadMs = performance.now() - started;
  const decided = await reference.decide(log, facts);
  return {
    ledger,
    facts,
    log,
    reference: decided.recipients,
    unexplained: decided.unexplained,
    loadMs,
    ownReads,
    otherReads,
    roles,
    requests: load.requests + reads.length,
    durationMs: performance.now() - started,
  };
}

/** Right after a 201: the same replica's state of the recipient, and for a suppressing hard bounce another's check. */
async function readBack(
  set: ReplicaSet,
  acknowledged: Acknowledged,
  ownReads: SharedRun['ownReads'],
  otherReads: SharedRun['otherReads'],
): Promise<void> {
  const path = encodeURIComponent(acknowledged.fact.body.address);
  const own = await send(set.urls[acknowledged.replica]!, 'GET', `/v1/recipients/${path}`, undefined, withToken({}));
  ownReads.push({ acknowledged, status: own.status, revision: own.body?.streamRevision });
  if (acknowledged.fact.type === 'bounce' && acknowledged.fact.kind === 'hard' && acknowledged.body.suppressed) {
    const replica = (acknowledged.replica + 1) % set.urls.length;
    const other = await send(
      set.urls[replica]!,
      'GET',
      `/v1/suppressions/${path}`,
      undefined,
      withToken({ 'read-after': 'head' }),
    );
    otherReads.push({ acknowledged, replica, status: other.status, answer: checkAnswer(other.body) });
  }
}

/**
 * Facts both of whose copies were answered 201. Both replicas decide the same events (their ids derive from the fact)
 * at the same expected revision, and the server takes the second append for an idempotent retry of the first; the
 * adapter reads back which append wrote them, so the second copy is answered as the duplicate it is.
 */
function createdTwice(ledger: AcknowledgementLedger, facts: readonly IngestFact[]): number {
  return facts.filter((fact) => ledger.answersFor(fact).filter((answer) => answer.status === 201).length > 1).length;
}

/** Recipients whose logged decisions are not the reference's, described. */
function decisionDifferences(run: SharedRun): string[] {
  const streams = eventsByAddress(run.log);
  const differences: string[] = [];
  for (const [address, expected] of run.reference) {
    const recorded = (streams.get(address) ?? []).filter((event) => DECISION_TYPES.has(event.type)).map(decisionLabel);
    if (recorded.join() !== expected.decisions.join()) {
      differences.push(
        `${address}: recorded ${recorded.join()} where one process decides ${expected.decisions.join()}`,
      );
    }
  }
  return differences;
}

/** Recipients with the same suppression recorded twice in a row (no lift between). */
function duplicatedSuppressions(log: readonly LoggedEvent[]): string[] {
  const duplicated: string[] = [];
  for (const [address, events] of eventsByAddress(log)) {
    const decisions = events.filter((event) => DECISION_TYPES.has(event.type)).map(decisionLabel);
    const twice = decisions.findIndex(
      (decision, index) => decision.startsWith('RecipientSuppressed') && decisions[index - 1] === decision,
    );
    if (twice > 0) {
      duplicated.push(`${address}: ${decisions.join()}`);
    }
  }
  return duplicated;
}

/** Reads where the replica that acknowledged a fact answered a stream revision before that fact's. */
function olderThanOwnWrite(run: SharedRun): string[] {
  const revisionOf = new Map(run.log.map((event) => [event.eventId, event.revision]));
  return run.ownReads
    .filter(({ acknowledged, status, revision }) => {
      const written = revisionOf.get(acknowledged.body.eventId);
      return status !== 200 || written === undefined || revision === undefined || revision < written;
    })
    .map(
      ({ acknowledged, status, revision }) =>
        `replica ${acknowledged.replica} acknowledged ${acknowledged.body.eventId} at revision ` +
        `${revisionOf.get(acknowledged.body.eventId)} then answered ${status} with revision ${revision}`,
    );
}

function figures(name: string, run: SharedRun, extra: Record<string, number> = {}): void {
  console.log(
    `${name}: ${REPLICAS} replicas, ${run.requests} requests (${run.facts.length} facts x ${COPIES} copies, ` +
      `${run.ownReads.length} own reads, ${run.otherReads.length} Read-After reads), ${run.log.length} events, ` +
      `${run.roles.length} role samples, load ${Math.round(run.loadMs)} ms, with the reference ` +
      `${Math.round(run.durationMs)} ms` +
      Object.entries(extra)
        .map(([key, value]) => `, ${key} ${value}`)
        .join(''),
  );
}

(databaseUrl === undefined ? describe.skip : describe)(
  `${REPLICAS} API replicas on one event store and one PostgreSQL schema (seed ${random.seed})`,
  () => {
    // Generous for a loaded machine: on two idle cores the whole file takes well under this.
    jest.setTimeout(300_000);
    let reference: SingleProcessReference;

    beforeAll(async () => {
      reference = await SingleProcessReference.start();
    });
    afterAll(() => reference?.close());

    describe('on a server that ignores the expected revision (the load must race)', () => {
      let shape: ProductionShape;
      let set: ReplicaSet;
      let run: SharedRun;

      beforeAll(async () => {
        shape = await startProductionShape({
          databaseUrl: databaseUrl ?? '',
          schemaPrefix: 'replicas_unchecked',
          ignoreExpectedRevision: true,
        });
        set = await startedReplicas(shape);
        run = await driveSharedLoad(set, shape, reference, 'unchecked');
      });

      afterAll(async () => {
        await set?.close();
        await shape?.close();
      });

      it('records duplicated or wrong decisions: without the check, replicas decide on pasts that are gone', () => {
        const differences = decisionDifferences(run);
        const duplicated = duplicatedSuppressions(run.log);
        const ledgerProblems = run.ledger.problemsWith(run.log);
        figures('without the revision check', run, {
          'recipients decided wrongly': differences.length,
          'duplicated suppressions': duplicated.length,
          'acknowledgement problems': ledgerProblems.length,
        });
        expect(differences.length + duplicated.length).toBeGreaterThan(0);
      });
    });

    describe('on a server that checks it', () => {
      let shape: ProductionShape;
      let set: ReplicaSet;
      let run: SharedRun;
      const rebuiltSchema = () => `${shape.schema}_rebuilt`;
      const killSchema = () => `${shape.schema}_after_kills`;

      beforeAll(async () => {
        shape = await startProductionShape({ databaseUrl: databaseUrl ?? '', schemaPrefix: 'replicas' });
        set = await startedReplicas(shape);
        run = await driveSharedLoad(set, shape, reference, 'checked');
        figures('three replicas', run, { 'facts answered 201 on two replicas': createdTwice(run.ledger, run.facts) });
      });

      afterAll(async () => {
        await set?.close();
        await shape?.close([rebuiltSchema(), killSchema()]);
      });

      it('answers every request within the contract and logs every acknowledged fact exactly once', () => {
        expect(run.ledger.unexpected.slice(0, 5)).toEqual([]);
        expect(run.ledger.acknowledgedFacts).toBe(run.facts.length);
        expect(run.ledger.problemsWith(run.log).slice(0, 5)).toEqual([]);
        expect(createdTwice(run.ledger, run.facts)).toBe(0);
        expect(run.ledger.unclaimedIn(run.log).slice(0, 5)).toEqual([]);
        expect([...occurrences(run.log)].filter(([, count]) => count > 1)).toEqual([]);
        expect(revisionGaps(run.log).slice(0, 5)).toEqual([]);
        expect(run.unexplained).toEqual([]);
      });

      it('records for each recipient exactly the decisions one process makes for its facts in that order', () => {
        expect(run.reference.size).toBe(SHARED.recipients);
        expect(decisionDifferences(run)).toEqual([]);
        expect(duplicatedSuppressions(run.log)).toEqual([]);
      });

      it('answers a check for every recipient the same on every replica, as the single process does', async () => {
        const addresses = [...run.reference.keys()];
        for (const url of set.urls) {
          for (const address of addresses) {
            const answer = await send(
              url,
              'GET',
              `/v1/suppressions/${encodeURIComponent(address)}`,
              undefined,
              withToken({ 'read-after': 'head' }),
            );
            expect({ address, http: answer.status, ...checkAnswer(answer.body) }).toEqual({
              address,
              http: 200,
              ...run.reference.get(address)!.answer,
            });
          }
          const bulk = await send(url, 'POST', '/v1/suppressions:check', { addresses }, withToken({}));
          expect(bulk.body.results).toEqual(
            addresses.map((address) => {
              const { status, suppressed } = run.reference.get(address)!.answer;
              return { address, status, suppressed };
            }),
          );
        }
      });

      it('reads its own writes: the replica that acknowledged a fact never answers a state without it', () => {
        expect(run.ownReads.length).toBeGreaterThan(run.facts.length / 2);
        expect(olderThanOwnWrite(run).slice(0, 5)).toEqual([]);
      });

      it('answers a suppressing hard bounce as suppressed on another replica asked with Read-After: head', () => {
        expect(run.otherReads.length).toBeGreaterThan(0);
        const stale = run.otherReads.filter(
          ({ status, answer }) => status !== 200 || !answer.suppressed || answer.cause !== 'hard_bounce',
        );
        expect(stale.slice(0, 5)).toEqual([]);
      });

      it('had exactly one projector active at a time, and one at the end', () => {
        const overlapping = run.roles.filter((roles) => roles.filter((role) => role === 'active').length > 1);
        expect(overlapping).toEqual([]);
        expect(run.roles.at(-1)?.filter((role) => role === 'active')).toHaveLength(1);
      });

      it('keeps a read model equal to a rebuild from the log', async () => {
        await caughtUp(shape);
        const live = await readModelRowsOf(shape.databaseUrl, shape.schema);
        expect(live.recipient_status).toHaveLength(SHARED.recipients);
        expect(rowDifferences(live, await rebuiltRowsOf(shape, rebuiltSchema()))).toEqual([]);
      });

      describe('when replicas are killed with SIGKILL under load, the lease holder first', () => {
        const ledger = new AcknowledgementLedger();
        const takeovers: { killed: number; takenBy: number }[] = [];
        let kills = 0;
        let load: ReplicaLoad;
        let log: LoggedEvent[];
        let facts: IngestFact[];

        beforeAll(async () => {
          const started = performance.now();
          load = new ReplicaLoad(set.urls, { random, ledger, workersPerReplica: WORKERS_PER_REPLICA });
          facts = sharedRecipientFacts('killed', KILL_LOAD, Date.now()).flat();
          load.add(facts, COPIES);
          load.start();
          for (const victim of ['holder', 'standby'] as const) {
            await new Promise((resolve) => setTimeout(resolve, random.between(200, 600)));
            const roles = await set.roles();
            const killed = roles.findIndex((role) => role === (victim === 'holder' ? 'active' : 'standby'));
            expect(killed).toBeGreaterThanOrEqual(0);
            const stopped = load.takeOut(killed);
            await set.replicas[killed]!.kill();
            kills++;
            await stopped;
            if (victim === 'holder') {
              takeovers.push({ killed, takenBy: await newHolder(set, killed) });
            }
            await set.replicas[killed]!.start();
            load.putBack(killed);
          }
          await load.finished();
          log = recipientEventsIn(shape.standIn.log);
          console.log(
            `kill -9 under load: ${REPLICAS} replicas, ${kills} kills, ${load.requests} requests, ` +
              `${load.cutOff} facts cut off and sent again, ${Math.round(performance.now() - started)} ms`,
          );
        });

        afterAll(() => load?.stop());

        it('lost nothing acknowledged, and logged nothing twice or unanswered', () => {
          expect(kills).toBe(2);
          expect(ledger.unexpected.slice(0, 5)).toEqual([]);
          expect(ledger.acknowledgedFacts).toBe(facts.length);
          expect(ledger.problemsWith(log).slice(0, 5)).toEqual([]);
          // The log also holds the recipients of the run before; only this load's facts must all be claimed.
          const addresses = new Set(facts.map((fact) => fact.body.address));
          expect(
            ledger.unclaimedIn(log.filter((event) => addresses.has(String(event.data.address)))).slice(0, 5),
          ).toEqual([]);
          expect([...occurrences(log)].filter(([, count]) => count > 1)).toEqual([]);
          expect(revisionGaps(log).slice(0, 5)).toEqual([]);
        });

        it('had another replica take the projection lease over from the killed holder', () => {
          expect(takeovers).toHaveLength(1);
          expect(takeovers[0]!.takenBy).not.toBe(takeovers[0]!.killed);
        });

        it('has a read model that catches up and equals a rebuild from the log', async () => {
          await caughtUp(shape);
          const live = await readModelRowsOf(shape.databaseUrl, shape.schema);
          expect(live.recipient_status).toHaveLength(SHARED.recipients + KILL_LOAD.recipients);
          expect(rowDifferences(live, await rebuiltRowsOf(shape, killSchema()))).toEqual([]);
        });
      });
    });
  },
);

if (databaseUrl === undefined) {
  describe('replica suite', () => {
    it.skip('SKIPPED: DATABASE_URL is not set', () => undefined);
  });
}

async function startedReplicas(shape: ProductionShape): Promise<ReplicaSet> {
  const started = performance.now();
  const set = await ReplicaSet.start(REPLICAS, shape.env);
  console.log(`${REPLICAS} replicas started together in ${Math.round(performance.now() - started)} ms`);
  return set;
}

/** The replica that reports the projector active once the holder is gone; bounded. */
function newHolder(set: ReplicaSet, killed: number): Promise<number> {
  return eventually(async () => {
    const roles = await set.roles();
    const holder = roles.findIndex((role, index) => index !== killed && role === 'active');
    expect(holder).toBeGreaterThanOrEqual(0);
    return holder;
  }, TAKEOVER_BOUND_MS);
}

/** Until the read model's checkpoint has passed the last recipient event in the log. */
async function caughtUp(shape: ProductionShape): Promise<void> {
  const last = recipientEventsIn(shape.standIn.log).at(-1)?.position ?? 0;
  await eventually(async () => {
    expect(Number((await checkpointOf(shape.databaseUrl, shape.schema)) ?? -1)).toBeGreaterThanOrEqual(last);
  }, CATCH_UP_BOUND_MS);
}
