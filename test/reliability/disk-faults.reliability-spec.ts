import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServerProcess } from '../../bench/support/bench-process';
import { startServer } from '../../bench/support/bench-process';
import type { EventStore, SqliteConnection, SqliteEventStore } from '@app/event-store';
import { openEmbeddedDatabase } from '@app/recipients';
import { readModelRows } from '../support/cli-process';
import type { TestApp, TestResponse } from '../support/test-app';
import { send, startTestApp, withToken } from '../support/test-app';
import { API_ENTRY } from './support/crashable-service';
import { freeLoopbackPort } from './support/free-port';
import { SMTP_REPLIES } from './support/ingest-facts';
import type { LoggedEvent } from './support/log-snapshot';
import { occurrences, readEventLog } from './support/log-snapshot';
import type { ReadModelRows } from './support/read-model-rebuild';
import { rebuiltReadModelRows, rowDifferences } from './support/read-model-rebuild';

const FULL = process.env.RELIABILITY_SCALE === 'full';
/** Each round sends `singles` commands and one batch of `batchItems` at once, so they share group commits. */
const PLAN = FULL ? { rounds: 5, singles: 32, batchItems: 100 } : { rounds: 1, singles: 6, batchItems: 6 };
/** Past the page size: each bounce needs new pages (overflow pages), so a database that cannot grow refuses it. */
const DIAGNOSTIC = `550 5.1.1 <x>: Recipient address rejected: User unknown ${'x'.repeat(3_900)}`;
const execute = promisify(execFile);

/** A process's file size limits as prlimit writes them (`soft:hard`); undefined where prlimit cannot tell. */
function fileSizeLimitOf(pid: number): string | undefined {
  try {
    const output = execFileSync('prlimit', ['--pid', String(pid), '--fsize', '--output=SOFT,HARD', '--noheadings'], {
      encoding: 'utf8',
    });
    const [soft, hard] = output.trim().split(/\s+/);
    return soft === undefined || hard === undefined ? undefined : `${soft}:${hard}`;
  } catch {
    return undefined;
  }
}

const PRLIMIT_WORKS = fileSizeLimitOf(process.pid) !== undefined;
if (!PRLIMIT_WORKS) {
  console.warn('Disk fault suite: the I/O error case is SKIPPED, prlimit cannot set a file size limit here');
}

type Send = (method: string, path: string, body?: unknown) => Promise<TestResponse>;

/** A running service on an embedded DATA_DIR: how to ask it, and the time by its clock. */
interface Target {
  dataDir: string;
  request: Send;
  now(): number;
}

interface Fault {
  impose(): Promise<unknown> | void;
  lift(): Promise<unknown> | void;
}

interface Commands {
  singles: Record<string, unknown>[];
  batch: Record<string, unknown>[];
}

/** Hard bounces for new recipients, with the caller's ids, so sending them again is sending the same commands. */
function commands(fault: string, round: number, now: number): Commands {
  const bounce = (part: string, i: number) => ({
    address: `${fault}.${round}.${part}${i}@disk.example.com`,
    occurredAt: new Date(now - 60_000).toISOString(),
    eventId: `${fault}-${round}-${part}${i}`,
    smtp: { ...SMTP_REPLIES.hard, diagnostic: DIAGNOSTIC },
  });
  return {
    singles: Array.from({ length: PLAN.singles }, (_, i) => bounce('single', i)),
    batch: Array.from({ length: PLAN.batchItems }, (_, i) => bounce('item', i)),
  };
}

interface Answers {
  singles: TestResponse[];
  batch: TestResponse;
}

async function sendAll(request: Send, { singles, batch }: Commands): Promise<Answers> {
  const [batchAnswer, ...singleAnswers] = await Promise.all([
    request('POST', '/v1/events:batch', { events: batch.map((body) => ({ type: 'bounce', ...body })) }),
    ...singles.map((body) => request('POST', '/v1/bounces', body)),
  ]);
  return { singles: singleAnswers, batch: batchAnswer };
}

/** Every single command 503 as a problem; the batch 200 (its contract) with every item's own 503 problem. */
function expectUnavailable({ singles, batch }: Answers): void {
  for (const answer of singles) {
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 503, detail: expect.stringContaining('nothing was recorded') });
  }
  expect(batch.status).toBe(200);
  expect(batch.body.results).toHaveLength(PLAN.batchItems);
  for (const item of batch.body.results) {
    expect(item).toMatchObject({ status: 503, error: { status: 503, title: 'Service Unavailable' } });
  }
}

function expectRecorded({ singles, batch }: Answers): void {
  expect(singles.map((answer) => answer.status)).toEqual(singles.map(() => 201));
  expect(batch.status).toBe(200);
  expect(batch.body.results.map((item: { status: number }) => item.status)).toEqual(Array(PLAN.batchItems).fill(201));
}

/** Each command's fact is in the log once, with the decision it led to in the same stream right after it. */
function expectLogged(log: readonly LoggedEvent[], { singles, batch }: Commands): void {
  const counts = occurrences(log);
  for (const body of [...singles, ...batch]) {
    expect(counts.get(String(body.eventId))).toBe(1);
    const fact = log.find((event) => event.eventId === body.eventId)!;
    const next = log.find((event) => event.streamId === fact.streamId && event.revision === fact.revision + 1);
    expect(next?.type).toBe('RecipientSuppressed');
  }
}

interface Snapshot {
  log: LoggedEvent[];
  rows: ReadModelRows;
}

function snapshot(dataDir: string): Snapshot {
  return { log: readEventLog(dataDir), rows: readModelRows(dataDir) };
}

/**
 * One fault, `rounds` times: the commands sent under it are all refused with nothing written, and sent again once it
 * is lifted they are all recorded, by the same running service.
 */
async function underFault(name: string, target: Target, fault: Fault): Promise<void> {
  const { dataDir, request } = target;
  for (let round = 0; round < PLAN.rounds; round++) {
    const sent = commands(name, round, target.now());
    const before = snapshot(dataDir);
    await fault.impose();
    let refused: Answers;
    try {
      refused = await sendAll(request, sent);
    } finally {
      await fault.lift();
    }
    expectUnavailable(refused);
    expect(snapshot(dataDir)).toEqual(before);
    expectRecorded(await sendAll(request, sent));
    expectLogged(readEventLog(dataDir), sent);
  }
}

/** The in-process service runs the embedded store (the default), whose own connection takes the disk-full fault. */
function embeddedStore(store: EventStore): SqliteEventStore {
  if (!('database' in store)) {
    throw new Error('the test app was expected to run the embedded SQLite event store');
  }
  return store as SqliteEventStore;
}

describe('the embedded store when its database file cannot be written', () => {
  jest.setTimeout(FULL ? 600_000 : 120_000);

  let api: TestApp;
  let target: Target;
  let db: SqliteConnection;
  let closed = false;

  beforeAll(async () => {
    api = await startTestApp();
    target = { dataDir: api.dataDir, request: api.request, now: () => api.clock.now() };
    db = embeddedStore(api.eventStore).database;
    expectRecorded(await sendAll(api.request, commands('warm-up', 0, target.now())));
  });

  afterAll(async () => {
    if (api !== undefined) {
      if (!closed) {
        await api.close({ keepData: true });
      }
      rmSync(api.dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 when the disk is full, writes nothing of the failed group commits, and records them once it is not', async () => {
    // The store's own connection may not grow the file past its size now: the next page it needs is SQLITE_FULL.
    const limit = db.pragma('max_page_count', { simple: true }) as number;
    await underFault('full', target, {
      impose: () => {
        expect(db.pragma('freelist_count', { simple: true })).toBe(0);
        db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      },
      lift: () => {
        db.pragma(`max_page_count = ${limit}`);
      },
    });
  });

  it('answers 503 while another connection holds the write lock past the busy timeout, and records once it is released', async () => {
    const other = openEmbeddedDatabase(api.dataDir);
    try {
      await underFault('locked', target, {
        impose: () => {
          other.exec('BEGIN IMMEDIATE');
        },
        lift: () => {
          other.exec('ROLLBACK');
        },
      });
    } finally {
      other.close();
    }
  });

  it('keeps a read model equal to a rebuild of the log', async () => {
    await api.close({ keepData: true });
    closed = true;
    expect(rowDifferences(readModelRows(api.dataDir), await rebuiltReadModelRows(api.dataDir))).toEqual([]);
  });
});

/**
 * A file size limit of 0 on the service's process makes every write to a file fail (EFBIG), which SQLite reports as
 * SQLITE_IOERR_WRITE, as it would a failing disk. The compiled service runs as a child so that only it is limited.
 */
(PRLIMIT_WORKS ? describe : describe.skip)('the embedded service when its writes fail with an I/O error', () => {
  jest.setTimeout(FULL ? 600_000 : 120_000);

  let dataDir: string | undefined;
  let server: ServerProcess | undefined;
  let target: Target;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-io-'));
    server = await startServer(API_ENTRY, { DATA_DIR: dataDir, LOG_LEVEL: 'fatal' }, await freeLoopbackPort());
    const { url } = server;
    target = {
      dataDir,
      request: (method, path, body) => send(url, method, path, body, withToken({})),
      now: () => Date.now(),
    };
    expectRecorded(await sendAll(target.request, commands('warm-up', 0, target.now())));
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir !== undefined) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 while no file may be written, writes nothing, and records the same commands once it may', async () => {
    const pid = String(server?.child.pid);
    const limits = fileSizeLimitOf(Number(pid)) ?? 'unlimited:unlimited';
    const setLimit = (value: string) => execute('prlimit', ['--pid', pid, `--fsize=${value}`]);
    await underFault('io', target, {
      impose: () => setLimit(`0:${limits.split(':')[1]}`),
      lift: () => setLimit(limits),
    });
  });

  it('keeps a read model equal to a rebuild of the log', async () => {
    await server?.stop();
    server = undefined;
    expect(rowDifferences(readModelRows(target.dataDir), await rebuiltReadModelRows(target.dataDir))).toEqual([]);
  });
});
