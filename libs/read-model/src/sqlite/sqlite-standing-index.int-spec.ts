import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Policy } from '@app/domain';
import { defaultPolicy } from '@app/domain';
import { rowStatusAt } from '../recipient-status.projection';
import type { CheckedStatus } from '../standing-summary';
import { at, DAY, EventLog, HOUR, T0 } from '../testing/recipient-log';
import type { SqliteReadModel } from './sqlite-read-model';
import { createSqliteReadModel, RECIPIENT_STATUS_CHECKPOINT } from './sqlite-read-model';
import { SqliteStandingIndex } from './sqlite-standing-index';

/** A bounce the classifier cannot place: it counts only under a policy that counts undetermined bounces as soft. */
const ODD_REPLY = { replyCode: 450, diagnostic: '450 something odd happened' };

/** Deterministic, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Recipients with assorted histories: hard and soft bounces, odd replies, deliveries, corrections, suppressions. */
function generatedLog(recipients: number, seed: number): EventLog {
  const next = random(seed);
  const log = new EventLog();
  for (let r = 0; r < recipients; r++) {
    const history = log.recipient(`user${r}@example.com`);
    let time = Math.floor(next() * 10 * DAY);
    const steps = Math.floor(next() * 6);
    for (let s = 0; s < steps; s++) {
      time += Math.floor(next() * 2 * DAY);
      const pick = next();
      try {
        if (pick < 0.35) {
          history.softBounce(at(time));
        } else if (pick < 0.55) {
          history.bounce(at(time), ODD_REPLY);
        } else if (pick < 0.65) {
          history.hardBounce(at(time));
        } else if (pick < 0.8) {
          history.delivery(at(time));
        } else if (pick < 0.9) {
          history.correction(at(time));
        } else {
          history.manualSuppression(at(time));
        }
      } catch {
        // A fact the decider records nothing for (a suppression already in force): the history goes on without it.
      }
    }
  }
  return log;
}

/** Polls until the index built itself from the table. */
async function whenBuilt(index: SqliteStandingIndex, policy: Policy): Promise<void> {
  while (index.statuses([], policy, T0) === undefined) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The answers read row by row: the reference the index must agree with. */
async function fromRows(readModel: SqliteReadModel, addresses: string[], policy: Policy, now: number) {
  const answers: CheckedStatus[] = [];
  for (const address of addresses) {
    const { status, suppressed } = rowStatusAt(await readModel.getRecipient(address), policy, now);
    answers.push({ status, suppressed });
  }
  return answers;
}

describe('SQLite standing index', () => {
  let dir: string;
  let db: Database.Database;
  let readModel: SqliteReadModel;
  const policies: Policy[] = [
    defaultPolicy(),
    { ...defaultPolicy(), undetermined: 'count_as_soft' },
    { ...defaultPolicy(), undetermined: 'ignore', softBounceWindowMs: 12 * HOUR },
  ];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'standing-index-'));
    db = new Database(join(dir, 'recipient-state.sqlite'));
    db.pragma('journal_mode = WAL');
    readModel = createSqliteReadModel({ db, cacheSize: 0 });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a generated store as the rows do, under several policies and at several times', async () => {
    const log = generatedLog(600, 7);
    await readModel.project(log.events, { name: RECIPIENT_STATUS_CHECKPOINT, position: log.lastPosition });
    const index = new SqliteStandingIndex(db);
    await whenBuilt(index, defaultPolicy());
    const addresses = [...log.addresses(), 'never-seen@example.com'];

    const seen = new Set<string>();
    for (const policy of policies) {
      for (const now of [T0, T0 + 5 * DAY, T0 + 12 * DAY, T0 + 20 * DAY, T0 + 40 * DAY]) {
        const expected = await fromRows(readModel, addresses, policy, now);
        expect(index.statuses(addresses, policy, now)).toEqual(expected);
        expect(await readModel.checkStatuses(addresses, policy, now)).toEqual(expected);
        expected.forEach(({ status }) => seen.add(status));
      }
    }
    // The comparison means something only if the store holds every answer.
    expect([...seen].sort()).toEqual(['deliverable', 'quarantined', 'soft_bouncing', 'suppressed']);
  }, 120_000);

  it('learns a committed write at once, and nothing of one that rolled back', async () => {
    const index = new SqliteStandingIndex(db);
    await whenBuilt(index, defaultPolicy());
    const log = new EventLog();
    log.recipient('jane@example.com').hardBounce(at(0));
    // What the read model does for its own index when it writes a row.
    const project = db.transaction((fail: boolean) => {
      readModel.projectInline(log.events);
      index.touched('jane@example.com');
      if (fail) {
        throw new Error('the append failed after the projection ran');
      }
    });

    expect(() => project.immediate(true)).toThrow('the append failed');
    expect(index.statuses(['jane@example.com'], defaultPolicy(), T0)).toEqual([
      { status: 'deliverable', suppressed: false },
    ]);

    project.immediate(false);
    expect(index.statuses(['jane@example.com'], defaultPolicy(), T0)).toEqual([
      { status: 'suppressed', suppressed: true },
    ]);
  });

  it('answers nothing inside a transaction, where what it would read may still roll back', async () => {
    const index = new SqliteStandingIndex(db);
    await whenBuilt(index, defaultPolicy());

    db.transaction(() => {
      expect(index.statuses(['jane@example.com'], defaultPolicy(), T0)).toBeUndefined();
    }).immediate();
  });

  it('rebuilds after another connection commits, and answers from the new rows', async () => {
    const index = new SqliteStandingIndex(db);
    await whenBuilt(index, defaultPolicy());
    const other = new Database(join(dir, 'recipient-state.sqlite'));
    try {
      const log = new EventLog();
      log.recipient('jane@example.com').softBounce(at(0));
      createSqliteReadModel({ db: other }).projectInline(log.events);

      expect(index.statuses(['jane@example.com'], defaultPolicy(), T0 + HOUR)).toBeUndefined();
      await whenBuilt(index, defaultPolicy());
      expect(index.statuses(['jane@example.com'], defaultPolicy(), T0 + HOUR)).toEqual([
        { status: 'soft_bouncing', suppressed: false },
      ]);
    } finally {
      other.close();
    }
  });

  it('forgets every recipient when the read model is reset', async () => {
    const log = new EventLog();
    log.recipient('jane@example.com').hardBounce(at(0));
    readModel.projectInline(log.events);
    expect(await readModel.checkStatuses(['jane@example.com'], defaultPolicy(), T0)).toEqual([
      { status: 'suppressed', suppressed: true },
    ]);

    await readModel.reset();

    expect(await readModel.checkStatuses(['jane@example.com'], defaultPolicy(), T0)).toEqual([
      { status: 'deliverable', suppressed: false },
    ]);
  });

  it('scans the table through a small page cache and gives the connection its own cache size back', async () => {
    const log = generatedLog(200, 11);
    await readModel.project(log.events, { name: RECIPIENT_STATUS_CHECKPOINT, position: log.lastPosition });
    db.pragma('cache_size = -8192');
    const index = new SqliteStandingIndex(db);
    const flagged = index['statements'].flagged;
    const cacheSizesWhileScanning: unknown[] = [];
    const iterate = flagged.iterate.bind(flagged);
    jest.spyOn(flagged, 'iterate').mockImplementation((...range) => {
      cacheSizesWhileScanning.push(db.pragma('cache_size', { simple: true }));
      return iterate(...range);
    });

    await whenBuilt(index, defaultPolicy());

    expect(cacheSizesWhileScanning.length).toBeGreaterThan(0);
    expect(new Set(cacheSizesWhileScanning)).toEqual(new Set([64]));
    expect(db.pragma('cache_size', { simple: true })).toBe(-8192);
  });
});
