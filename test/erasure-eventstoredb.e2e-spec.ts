import { randomBytes } from 'node:crypto';
import { dropPostgresSchemas } from '@app/read-model';
import { DEFAULT_POLICY_DOCUMENT } from '@app/domain';
// eslint-disable-next-line no-restricted-imports -- a test server, deliberately outside @app/event-store's public entry
import { startEventStoreStandIn, StandInLog } from '../libs/event-store/src/testing/esdb-stand-in';
// eslint-disable-next-line no-restricted-imports -- its types, from the same test server
import type { EventStoreStandIn, StoredEvent } from '../libs/event-store/src/testing/esdb-stand-in';
import { filesHolding, holdsAnyForm, postgresTablesHolding } from './support/erasure-search';
import type { TestApp } from './support/test-app';
import { eventually, startTestApp } from './support/test-app';

const ERASED = 'Jane.Doe@Example.org';
const OTHERS = ['q1@example.com', 'q2@example.com'];
const unknownUser = (address: string) => ({
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: `550 5.1.1 <${address}>: Recipient address rejected: User unknown`,
});
const full = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' };
const stricter = {
  ...DEFAULT_POLICY_DOCUMENT,
  version: 'strict-2',
  softBounce: { ...DEFAULT_POLICY_DOCUMENT.softBounce, limit: 2, quarantineAt: 1 },
};
/** Small chunks, so the test can complete the chunk being written; a server's are 256 MiB. */
const CHUNK_SIZE = 32_768n;

/** Every record of the node's log, in `$all` and in every stream's index, whose stream name, data or metadata holds it. */
function recordsHolding(log: StandInLog, address: string): StoredEvent[] {
  const indexed = log.all.flatMap((event) => log.stream(event.streamId) ?? []);
  return [...new Set([...log.all, ...indexed])].filter(
    (event) =>
      holdsAnyForm(Buffer.from(event.streamId, 'utf8'), address) ||
      holdsAnyForm(event.data, address) ||
      holdsAnyForm(event.customMetadata, address),
  );
}

// Starting the service on a stand-in and recording the history takes several seconds on a busy machine.
jest.setTimeout(60_000);

const databaseUrl = process.env.DATABASE_URL;
const withPostgres = databaseUrl !== undefined && databaseUrl !== '';

describe(`erasing a recipient on EventStoreDB (stand-in${withPostgres ? ', PostgreSQL read model' : ''})`, () => {
  const schema = `e2e_erasure_esdb_${randomBytes(6).toString('hex')}`;
  let standIn: EventStoreStandIn;
  let api: TestApp;

  beforeAll(async () => {
    standIn = await startEventStoreStandIn({ log: new StandInLog('original', CHUNK_SIZE) });
    api = await startTestApp({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: standIn.connectionString,
      ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
      ...(withPostgres ? { READ_MODEL: 'postgres', DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema } : {}),
    });
    const bounce = { address: ERASED, occurredAt: '2026-03-01T10:00:00Z', smtp: unknownUser(ERASED) };
    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);
    for (const address of OTHERS) {
      for (const hour of [10, 11]) {
        const soft = { address, occurredAt: `2026-03-01T${hour}:00:00Z`, smtp: full };
        expect((await api.request('POST', '/v1/bounces', soft)).status).toBe(201);
      }
    }
    expect((await api.request('POST', '/v1/policy/simulations', stricter)).status).toBe(200);
    // The projector has shown the erased recipient in the read model, so the erasure has rows to remove.
    await eventually(async () =>
      expect((await api.request('GET', `/v1/recipients/${ERASED}`)).body).toMatchObject({ status: 'suppressed' }),
    );
    expect(recordsHolding(standIn.log, ERASED)).not.toEqual([]);
    if (withPostgres) {
      expect(await postgresTablesHolding(databaseUrl, schema, ERASED)).not.toEqual([]);
    }
  });
  afterAll(async () => {
    await api.close();
    await standIn.stop();
    if (withPostgres) {
      await dropPostgresSchemas(databaseUrl, [schema]);
    }
  });

  it('soft-deletes the stream, starts a scavenge and answers the check suppressed with cause erased', async () => {
    const erased = await api.request('DELETE', `/v1/recipients/${encodeURIComponent(ERASED)}`, {
      by: 'privacy-officer',
      reason: 'GDPR art. 17 request #4411',
    });

    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      eventId: expect.any(String),
      erasedEvents: 2,
      keepSuppression: true,
      scavenge: { started: true, scavengeId: standIn.scavenges[0]?.scavengeId },
    });
    expect((await api.request('GET', `/v1/suppressions/${ERASED}`)).body).toMatchObject({ cause: 'erased' });
    expect((await api.request('GET', `/v1/recipients/${ERASED}/history`)).status).toBe(404);
    expect(filesHolding(api.dataDir, ERASED)).toEqual([]);
    if (withPostgres) {
      expect(await postgresTablesHolding(databaseUrl, schema, ERASED)).toEqual([]);
    }
  });

  it("leaves no byte of the address in the node's log once the chunk it was written in is scavenged", async () => {
    // The erasure's scavenge leaves the chunk being written alone: the bytes there wait for the next scavenge.
    const chunk = standIn.log.endOfLog / CHUNK_SIZE;
    for (let index = 0; standIn.log.endOfLog / CHUNK_SIZE === chunk; index++) {
      const delivery = { address: `filler${index}@example.com`, occurredAt: '2026-03-01T11:10:00Z' };
      expect((await api.request('POST', '/v1/deliveries', delivery)).status).toBe(201);
    }
    standIn.log.scavenge();

    expect(recordsHolding(standIn.log, ERASED)).toEqual([]);
  });

  it('keeps simulating and projecting, over the recipients that remain', async () => {
    const report = await api.client.simulatePolicy(stricter);
    expect(report.totals).toMatchObject({ changed: OTHERS.length });

    const bounce = {
      address: 'later@example.com',
      occurredAt: '2026-03-01T11:30:00Z',
      smtp: unknownUser('later@example.com'),
    };
    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);
    expect((await api.request('GET', '/v1/suppressions/later@example.com')).body).toMatchObject({
      cause: 'hard_bounce',
    });
  });

  it('records a later bounce of the erased address as a new history, and the check still answers erased', async () => {
    const bounce = { address: ERASED, occurredAt: '2026-03-01T11:45:00Z', smtp: unknownUser(ERASED) };

    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);

    const history = await api.request('GET', `/v1/recipients/${ERASED}/history`);
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual([
      'BounceReceived',
      'RecipientSuppressed',
    ]);
    expect((await api.request('GET', `/v1/suppressions/${ERASED}`)).body).toMatchObject({ cause: 'erased' });
  });
});
