import { NO_RATE_LIMITS } from '../../bench/support/bench-process';
import type { TestApp } from '../support/test-app';
import { startTestApp } from '../support/test-app';
import { AcknowledgementLedger } from './support/acknowledgement-ledger';
import type { FactFields, IngestFact } from './support/ingest-facts';
import { batchRequest, bounce, delivery, singleRequest } from './support/ingest-facts';
import { runIngestLoad } from './support/ingest-load';
import type { LoggedEvent } from './support/log-snapshot';
import { occurrences, recipientEventsOf } from './support/log-snapshot';
import type { ServiceShape, ServiceStores } from './support/production-shape';
import { availableShapes, openServiceStores } from './support/production-shape';
import { SeededRandom } from './support/seeded-random';

const FULL = process.env.RELIABILITY_SCALE === 'full';
/** On EventStoreDB each recorded fact is also a claim of its id: the production shape storms with fewer events. */
const EVENTS_ON: Record<ServiceShape, number> = FULL
  ? { embedded: 50_000, production: 10_000 }
  : { embedded: 5_000, production: 1_000 };
const COPIES = 3;
const HOUR = 60 * 60 * 1000;
const MAX_BATCH = 1_000;
const MAX_CHECK = 10_000;
const MAX_PAGE = 1_000;

interface Standing {
  status: string;
  suppressed: boolean;
  cause?: string;
}

interface PlannedRecipient {
  address: string;
  facts: IngestFact[];
  /** What one delivery of each fact leads to, in whatever order they arrive. */
  expected: Standing;
  /** Events its stream ends with: the facts recorded and the decisions they lead to. */
  events: number;
}

const random = SeededRandom.fromEnvironment();

/** How many facts each kind of recipient gets (see `planRecipient`). */
const KIND_SIZES = [3, 3, 3, 1, 3, 2] as const;
const SINGLE_SOFT_BOUNCE = 3;

/**
 * Six kinds of recipient whose final state and number of events do not depend on the order their facts arrive in,
 * so the storm's shuffled, concurrent redeliveries must end exactly where a single, ordered delivery ends.
 */
function planRecipient(r: number, kind: number, now: number): PlannedRecipient {
  const address = `storm-${r}@webhooks.example.com`;
  let n = 0;
  const fields = (offsetMs: number): FactFields => {
    const i = n++;
    const id = random.chance(0.2) ? { eventId: `storm-${r}-${i}` } : {};
    return {
      address,
      occurredAt: new Date(now + offsetMs).toISOString(),
      messageId: `msg-${r}-${i}`,
      source: 'ses',
      ...id,
    };
  };
  switch (kind) {
    case 0:
      // A delivery never restores after a hard bounce; a sender-side bounce never counts.
      return {
        address,
        facts: [bounce('hard', fields(-2 * HOUR)), bounce('senderSide', fields(-HOUR)), delivery(fields(-HOUR / 2))],
        expected: { status: 'suppressed', suppressed: true, cause: 'hard_bounce' },
        events: 4,
      };
    case 1:
      return {
        address,
        facts: [bounce('soft', fields(-3 * HOUR)), bounce('soft', fields(-2 * HOUR)), bounce('soft', fields(-HOUR))],
        expected: { status: 'suppressed', suppressed: true, cause: 'soft_bounce_limit' },
        events: 5,
      };
    case 2:
      return {
        address,
        facts: [
          bounce('soft', fields(-3 * HOUR)),
          bounce('senderSide', fields(-2 * HOUR)),
          bounce('soft', fields(-HOUR)),
        ],
        expected: { status: 'quarantined', suppressed: true },
        events: 4,
      };
    case SINGLE_SOFT_BOUNCE:
      return {
        address,
        facts: [bounce('soft', fields(-HOUR))],
        expected: { status: 'soft_bouncing', suppressed: false },
        events: 1,
      };
    case 4:
      // Deliveries within one heartbeat and no bounce: whichever arrives first is recorded, the others change nothing.
      return {
        address,
        facts: [delivery(fields(-3 * HOUR)), delivery(fields(-2 * HOUR)), delivery(fields(-HOUR))],
        expected: { status: 'deliverable', suppressed: false },
        events: 1,
      };
    default:
      // The delivery breaks the run whether it arrives before or after the bounce it followed.
      return {
        address,
        facts: [bounce('soft', fields(-2 * HOUR)), delivery(fields(-HOUR))],
        expected: { status: 'deliverable', suppressed: false },
        events: 2,
      };
  }
}

/** Recipients of every kind in turn, holding exactly `events` facts: one-fact recipients fill the remainder. */
function plan(now: number, events: number): PlannedRecipient[] {
  const recipients: PlannedRecipient[] = [];
  for (let r = 0, facts = 0; facts < events; r++) {
    const kind = KIND_SIZES[r % KIND_SIZES.length]! <= events - facts ? r % KIND_SIZES.length : SINGLE_SOFT_BOUNCE;
    const recipient = planRecipient(r, kind, now);
    recipients.push(recipient);
    facts += recipient.facts.length;
  }
  return recipients;
}

/** Status and suppressed of every address by the bulk check, and the cause of those not sendable by their list. */
async function standings(api: TestApp, addresses: string[]): Promise<Map<string, Standing>> {
  const found = new Map<string, Standing>();
  for (let i = 0; i < addresses.length; i += MAX_CHECK) {
    const chunk = addresses.slice(i, i + MAX_CHECK);
    const response = await api.request('POST', '/v1/suppressions:check', { addresses: chunk });
    for (const { address, status, suppressed } of response.body.results as (Standing & { address: string })[]) {
      found.set(address, { status, suppressed });
    }
  }
  let cursor: string | null = '';
  for (let page = 0; cursor !== null && page <= addresses.length / MAX_PAGE; page++) {
    const query = cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api.request('GET', `/v1/suppressions?limit=${MAX_PAGE}${query}`);
    for (const { address, cause } of response.body.items as { address: string; cause?: string }[]) {
      const standing = found.get(address);
      if (standing !== undefined && cause !== undefined) {
        standing.cause = cause;
      }
    }
    cursor = response.body.nextCursor;
  }
  return found;
}

function countByType(log: readonly LoggedEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of log) {
    counts[event.type] = (counts[event.type] ?? 0) + 1;
  }
  return counts;
}

/** The service in process on a shape's stores of its own, with no per-token limit in the way of the load. */
async function startOn(shape: ServiceShape): Promise<{ app: TestApp; stores: ServiceStores }> {
  const stores = await openServiceStores(shape);
  const app = await startTestApp(
    { ...stores.env, RATE_LIMITS_PER_MINUTE: NO_RATE_LIMITS },
    { dataDir: stores.dataDir },
  );
  return { app, stores };
}

describe.each(availableShapes('the idempotency storm'))(
  `webhook events on the %s shape (seed ${random.seed})`,
  (shape) => {
    const EVENTS = EVENTS_ON[shape];
    jest.setTimeout(FULL ? 1_800_000 : 300_000);

    const stormLedger = new AcknowledgementLedger();
    const referenceLedger = new AcknowledgementLedger();
    let storm: TestApp;
    let reference: TestApp;
    let stormStores: ServiceStores;
    let referenceStores: ServiceStores;
    let recipients: PlannedRecipient[];
    let facts: IngestFact[];
    let stormLog: LoggedEvent[];
    let referenceLog: LoggedEvent[];

    beforeAll(async () => {
      ({ app: storm, stores: stormStores } = await startOn(shape));
      ({ app: reference, stores: referenceStores } = await startOn(shape));
      recipients = plan(storm.clock.now(), EVENTS);
      facts = recipients.flatMap((recipient) => recipient.facts);
      const copies = random.shuffle(facts.flatMap((fact) => Array.from({ length: COPIES }, () => fact)));
      let next = 0;
      await runIngestLoad({
        baseUrl: storm.baseUrl,
        workers: 32,
        next: () => {
          const fact = copies[next++];
          return fact === undefined ? undefined : singleRequest(fact);
        },
        onOutcome: (outcome) => stormLedger.record(outcome),
        until: Date.now() + (FULL ? 1_500_000 : 240_000),
        maxRequests: copies.length,
      });
      // The reference gets each event once, in the order the storm first sent it, through one batch at a time.
      const firstSeen = [...new Set(copies)];
      const batches = Array.from({ length: Math.ceil(firstSeen.length / MAX_BATCH) }, (_, i) =>
        batchRequest(firstSeen.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH)),
      );
      await runIngestLoad({
        baseUrl: reference.baseUrl,
        workers: 1,
        next: () => batches.shift(),
        onOutcome: (outcome) => referenceLedger.record(outcome),
        until: Date.now() + (FULL ? 600_000 : 120_000),
        maxRequests: Math.ceil(EVENTS / MAX_BATCH),
      });
      stormLog = recipientEventsOf(await stormStores.readEventLog());
      referenceLog = recipientEventsOf(await referenceStores.readEventLog());
      // The production shape's read model follows the log: the standings below read it once it has caught up.
      await Promise.all([stormStores.caughtUp(), referenceStores.caughtUp()]);
    });

    afterAll(async () => {
      await storm?.close();
      await reference?.close();
      await stormStores?.close();
      await referenceStores?.close();
    });

    it(`sends ${EVENTS_ON[shape]} distinct events and answers every copy with 2xx and the same event id`, () => {
      expect(facts).toHaveLength(EVENTS);
      expect(stormLedger.unexpected.slice(0, 5)).toEqual([]);
      expect(referenceLedger.unexpected.slice(0, 5)).toEqual([]);
      const odd = facts.filter((fact) => {
        const answers = stormLedger.answersFor(fact);
        return answers.length !== COPIES || new Set(answers.map((answer) => answer.eventId)).size !== 1;
      });
      expect(odd.slice(0, 5)).toEqual([]);
    });

    it('answers 201 only for the one copy that recorded an event, and 200 for every redelivery', () => {
      expect(stormLedger.problemsWith(stormLog).slice(0, 5)).toEqual([]);
      expect(referenceLedger.problemsWith(referenceLog).slice(0, 5)).toEqual([]);
      const inLog = occurrences(stormLog);
      const wrong = facts.filter((fact) => {
        const answers = stormLedger.answersFor(fact);
        const created = answers.filter((answer) => answer.status === 201).length;
        return created !== (inLog.get(answers[0]?.eventId ?? '') ?? 0);
      });
      expect(wrong.slice(0, 5)).toEqual([]);
    });

    it('leaves every address exactly as one delivery of each event does: status, cause and suppressed', async () => {
      const addresses = recipients.map((recipient) => recipient.address);
      const [stormed, referenced] = await Promise.all([standings(storm, addresses), standings(reference, addresses)]);
      const differing = recipients.filter(
        ({ address, expected }) =>
          JSON.stringify(stormed.get(address)) !== JSON.stringify(referenced.get(address)) ||
          JSON.stringify(stormed.get(address)) !== JSON.stringify(expected),
      );
      expect(
        differing.slice(0, 5).map(({ address, expected }) => ({
          address,
          expected,
          storm: stormed.get(address),
          ref: referenced.get(address),
        })),
      ).toEqual([]);
    });

    it('holds as many events in the log as the reference does, type by type', () => {
      const expected = recipients.reduce((sum, recipient) => sum + recipient.events, 0);
      expect(stormLog).toHaveLength(expected);
      expect(countByType(stormLog)).toEqual(countByType(referenceLog));
    });
  },
);
