import { Client } from 'pg';
import { translatePostgresError } from './postgres-errors';
import { quotedSchema } from './postgres-schema';

export interface PostgresProjectorLeaseOptions {
  connectionString: string;
  /** The read model's schema: one lease per schema, so read models in other schemas project side by side. */
  schema: string;
  /** How often the holder checks that its session is still alive; default 1 s. */
  heartbeatMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Who may project into one read-model schema: a session-level advisory lock on a connection of its own. The lock
 * lives exactly as long as that session, so a holder that dies (process killed, connection dropped, server
 * restarted) frees it without anyone cleaning up, and the next `tryAcquire` of another process takes over.
 */
export interface PostgresProjectorLease {
  /** True when this process now holds the lease; false when another session does. Rejects when PostgreSQL is down. */
  tryAcquire(): Promise<boolean>;
  /** Settles with the reason once the lease held since the last successful `tryAcquire` is gone. */
  whenLost(): Promise<Error>;
  /** Gives the lease up (ends its session); the lease can be acquired again afterwards. */
  release(): Promise<void>;
}

const DEFAULT_HEARTBEAT_MS = 1_000;
/** The first key of the two-key advisory lock form: this service's namespace among other users of the database. */
const LOCK_NAMESPACE = 0x52_53_50_4a;

export function createPostgresProjectorLease(options: PostgresProjectorLeaseOptions): PostgresProjectorLease {
  quotedSchema(options.schema);
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  let held: { client: Client; lost: Promise<Error>; heartbeat: NodeJS.Timeout } | undefined;

  async function tryAcquire(): Promise<boolean> {
    if (held !== undefined) {
      return true;
    }
    const client = new Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      application_name: 'recipient-state projector lease',
    });
    let endSession: (reason: Error) => void = () => undefined;
    const lost = new Promise<Error>((resolve) => {
      endSession = resolve;
    });
    client.on('error', (error) => endSession(translatePostgresError(error)));
    client.on('end', () => endSession(new Error('The projector lease session ended')));
    try {
      await client.connect();
      const result = await client.query<{ acquired: boolean }>(
        `SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS acquired`,
        [LOCK_NAMESPACE, options.schema],
      );
      if (result.rows[0]?.acquired !== true) {
        await client.end();
        return false;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw translatePostgresError(error);
    }
    // A session that dies quietly (a dropped network path) is noticed by the next heartbeat failing.
    const heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((error: unknown) => endSession(translatePostgresError(error)));
    }, heartbeatMs);
    heartbeat.unref();
    held = { client, lost, heartbeat };
    void lost.then(() => {
      clearInterval(heartbeat);
      if (held?.client === client) {
        held = undefined;
      }
      void client.end().catch(() => undefined);
    });
    return true;
  }

  function whenLost(): Promise<Error> {
    return held?.lost ?? Promise.resolve(new Error('The projector lease is not held'));
  }

  async function release(): Promise<void> {
    const current = held;
    held = undefined;
    if (current !== undefined) {
      clearInterval(current.heartbeat);
      await current.client.end().catch(() => undefined);
    }
  }

  return { tryAcquire, whenLost, release };
}
