import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { PostgresProjectorLease } from './postgres-projector-lease';
import { createPostgresProjectorLease } from './postgres-projector-lease';

const DATABASE_URL = process.env.DATABASE_URL;

/** Ends, from outside, the sessions holding the advisory lock of `schema`, as a crash or a dropped link would. */
async function endHolderSessions(connectionString: string, schema: string): Promise<number> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(l.pid) AS ended FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objid::int = hashtext($1) AND l.objsubid = 2`,
      [schema],
    );
    return result.rows.filter((row) => row.ended).length;
  } finally {
    await client.end();
  }
}

(DATABASE_URL === undefined ? describe.skip : describe)('the PostgreSQL projector lease', () => {
  const url = DATABASE_URL!;
  const schema = `lease_${randomBytes(6).toString('hex')}`;
  const leases: PostgresProjectorLease[] = [];
  const lease = (forSchema = schema): PostgresProjectorLease => {
    const created = createPostgresProjectorLease({ connectionString: url, schema: forSchema, heartbeatMs: 50 });
    leases.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((each) => each.release()));
  });

  it('is held by one session per schema at a time, and passes on when released', async () => {
    const first = lease();
    const second = lease();
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect(await lease(`${schema}_other`).tryAcquire()).toBe(true);

    await first.release();
    expect(await second.tryAcquire()).toBe(true);
    expect(await first.tryAcquire()).toBe(false);
  });

  it('is lost when its session dies, and another session takes it', async () => {
    const holder = lease();
    const waiting = lease();
    expect(await holder.tryAcquire()).toBe(true);
    const lost = holder.whenLost();

    expect(await endHolderSessions(url, schema)).toBe(1);
    await expect(lost).resolves.toBeInstanceOf(Error);
    expect(await waiting.tryAcquire()).toBe(true);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPostgresProjectorLease({ connectionString: url, schema: 'a"b' })).toThrow(/schema/);
  });
});
