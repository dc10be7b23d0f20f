import { randomBytes } from 'node:crypto';
import { initialRecipientState } from '@app/domain';
import { Client } from 'pg';
import type { ReadModelStore } from '../read-model-store';
import { ReadModelUnavailableError } from '../read-model-store';
import { CONTRACT_CHECKPOINT, projectAll } from '../testing/contract-context';
import { describeReadModelContract } from '../testing/read-model.contract';
import { at, DAY, EventLog, HOUR, snapshot } from '../testing/recipient-log';
import { createPostgresReadModel } from './postgres-read-model';
import { POSTGRES_MIGRATIONS } from './postgres-schema';

const DATABASE_URL = process.env.DATABASE_URL;

if (DATABASE_URL === undefined || DATABASE_URL === '') {
  console.warn('PostgreSQL suites skipped: DATABASE_URL is not set');
  describe.skip('PostgreSQL read model (skipped: DATABASE_URL is not set)', () => {
    it('passes the read-model contract against a real PostgreSQL', () => undefined);
  });
} else {
  describePostgres(DATABASE_URL);
}

function describePostgres(connectionString: string): void {
  const schemas: string[] = [];
  /** Every test file works in schemas of its own, dropped at the end. */
  const freshSchema = (): string => {
    const schema = `rm_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };
  const schema = freshSchema();
  const open = (
    options: { schema?: string; poolSize?: number; migrate?: 'at-once' | 'on-first-use' } = {},
  ): Promise<ReadModelStore> => createPostgresReadModel({ connectionString, schema, poolSize: 3, ...options });

  afterAll(async () => {
    const client = new Client({ connectionString });
    await client.connect();
    for (const name of schemas) {
      await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    }
    await client.end();
  });

  describeReadModelContract('PostgreSQL', async () => {
    const store = await open();
    await store.reset();
    return { store, dispose: () => store.close() };
  });

  describe('PostgreSQL read model', () => {
    const stores: ReadModelStore[] = [];
    const track = async (store: Promise<ReadModelStore>): Promise<ReadModelStore> => {
      stores.push(await store);
      return stores[stores.length - 1]!;
    };
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
    });

    it('converges when two pools project the same streams at once', async () => {
      const [first, second] = [await track(open()), await track(open())];
      const log = new EventLog();
      // Interleaved as a log is, so that any prefix of it holds part of every stream.
      const recipients = Array.from({ length: 20 }, (_, index) => log.recipient(`user${index}@example.com`));
      for (const step of [0, 1, 2]) {
        recipients.forEach((recipient) => recipient.softBounce(at(step * HOUR)));
      }
      recipients.forEach((recipient) => recipient.delivery(at(DAY)));
      recipients.forEach((recipient) => recipient.hardBounce(at(2 * DAY)));
      await first.reset();
      await projectAll(first, log);
      const expected = await snapshot(first, log, CONTRACT_CHECKPOINT);

      const oneByOne = (store: ReadModelStore): Promise<void> =>
        log.events.reduce(
          (previous, event) =>
            previous.then(() => store.project([event], { name: CONTRACT_CHECKPOINT, position: event.position })),
          Promise.resolve(),
        );
      const half = Math.floor(log.events.length / 2);
      const rounds: (() => Promise<unknown>)[] = [
        () => Promise.all([projectAll(first, log), projectAll(second, log)]),
        () => Promise.all([oneByOne(first), oneByOne(second)]),
        // Whichever commits first, the other must continue from its rows rather than write over them.
        () =>
          Promise.all([
            first.project(log.events.slice(0, half), { name: CONTRACT_CHECKPOINT, position: 1n }),
            projectAll(second, log),
          ]),
      ];
      for (const round of rounds) {
        await first.reset();
        await round();
        expect(await snapshot(second, log, CONTRACT_CHECKPOINT)).toEqual(expected);
      }
    });

    it('migrates a new schema once when several replicas start together', async () => {
      const shared = freshSchema();

      const replicas = await Promise.all([1, 2, 3].map(() => track(open({ schema: shared, poolSize: 1 }))));

      await Promise.all(replicas.map((replica) => replica.ping()));
      const client = new Client({ connectionString });
      await client.connect();
      const applied = await client.query(`SELECT version FROM "${shared}".read_model_migrations ORDER BY version`);
      await client.end();
      expect(applied.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    });

    it('upgrades a schema of the first step: its rows stay, the columns computed under a policy go', async () => {
      const upgraded = freshSchema();
      const client = new Client({ connectionString });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(`CREATE SCHEMA "${upgraded}"`);
        await client.query(
          `CREATE TABLE "${upgraded}".read_model_migrations (
            version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        await client.query(POSTGRES_MIGRATIONS[0]!.up(`"${upgraded}"`));
        await client.query(`INSERT INTO "${upgraded}".read_model_migrations (version, name) VALUES (1, $1)`, [
          POSTGRES_MIGRATIONS[0]!.name,
        ]);
        const state = JSON.stringify({ ...initialRecipientState(), address: 'jane@example.com' });
        await client.query(
          `INSERT INTO "${upgraded}".recipient_status (stream_id, address, standing, soft_bouncing_until, run_length,
             restored, stream_revision, updated_at, state) VALUES ('recipient-1', 'jane@example.com', 'clear', now(), 1,
             false, 0, now(), $1)`,
          [state],
        );
        await client.query('COMMIT');

        const store = await track(open({ schema: upgraded }));

        const columns = await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'recipient_status'`,
          [upgraded],
        );
        expect(columns.rows.map((row) => row.column_name)).not.toEqual(expect.arrayContaining(['soft_bouncing_until']));
        expect(columns.rows.map((row) => row.column_name)).not.toEqual(expect.arrayContaining(['run_length']));
        expect(await store.getRecipient('jane@example.com')).toMatchObject({
          streamId: 'recipient-1',
          standing: 'clear',
        });
      } finally {
        await client.end();
      }
    });

    it('reports a server it cannot reach as ReadModelUnavailableError', async () => {
      const unreachable = createPostgresReadModel({
        connectionString: 'postgres://postgres@127.0.0.1:1/test',
        connectTimeoutMs: 2_000,
      });

      await expect(unreachable).rejects.toBeInstanceOf(ReadModelUnavailableError);
    });

    it('with the migration on first use, is created while the server cannot be reached and fails each call as unavailable', async () => {
      const unreachable = await createPostgresReadModel({
        connectionString: 'postgres://postgres@127.0.0.1:1/test',
        connectTimeoutMs: 2_000,
        migrate: 'on-first-use',
      });
      try {
        await expect(unreachable.ping()).rejects.toBeInstanceOf(ReadModelUnavailableError);
        await expect(unreachable.checkpoint(CONTRACT_CHECKPOINT)).rejects.toBeInstanceOf(ReadModelUnavailableError);
      } finally {
        await unreachable.close();
      }
    });

    it('with the migration on first use, creates its schema at the first call that reaches the server', async () => {
      const fresh = freshSchema();
      const store = await track(open({ schema: fresh, migrate: 'on-first-use' }));
      const client = new Client({ connectionString });
      await client.connect();
      try {
        const before = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [fresh]);
        expect(before.rowCount).toBe(0);
        await Promise.all([store.checkpoint(CONTRACT_CHECKPOINT), store.getRecipient('jane@example.com')]);
        const versions = await client.query<{ version: number }>(
          `SELECT version FROM "${fresh}".read_model_migrations ORDER BY version`,
        );
        expect(versions.rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((step) => step.version));
      } finally {
        await client.end();
      }
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(open({ schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/plain identifier/);
    });
  });
}
