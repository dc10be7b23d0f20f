import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBounce } from '@app/domain';
import { defaultPolicy } from '@app/domain';
import type { SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import { Clock } from '../clock';
import { CurrentPolicy } from '../policy/current-policy';
import { RecipientCommandLoop } from './recipient-command-loop';
import { RecipientStateCache } from './recipient-state-cache';

const NOW = Date.parse('2026-03-01T12:00:00Z');

class FixedClock extends Clock {
  override now(): number {
    return NOW;
  }
}

function hardBounce(address: string, eventId: string): RecordBounce {
  return {
    type: 'RecordBounce',
    address,
    eventId,
    occurredAt: new Date(NOW - 60_000).toISOString(),
    smtp: { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
  };
}

describe('RecipientCommandLoop: the trace of what a command appends', () => {
  let dir: string;
  let store: SqliteEventStore;
  let loop: RecipientCommandLoop;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'command-trace-'));
    store = createSqliteEventStore({ path: join(dir, 'events.sqlite') });
    loop = new RecipientCommandLoop({
      store,
      addressHashKey: 'a-test-key-of-sixteen-characters',
      policy: new CurrentPolicy(defaultPolicy()),
      cache: new RecipientStateCache(100),
      clock: new FixedClock(),
      maxClockSkewMs: 300_000,
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const traceOfStream = async (address: string): Promise<Record<string, unknown>[]> =>
    (await store.readStream(loop.streamIdOf(address))).map(({ eventId, type, correlationId, causationId, source }) => ({
      eventId,
      type,
      correlationId,
      causationId,
      source,
    }));

  it('keeps the correlation and source on the fact and its decisions; the fact is caused by the message, the decisions by the fact', async () => {
    await loop.execute(hardBounce('a@example.com', 'bounce-1'), undefined, {
      correlationId: 'request-1',
      causationId: 'provider-message-1',
      source: 'webhook:ses',
    });
    const trace = { correlationId: 'request-1', source: 'webhook:ses' };
    expect(await traceOfStream('a@example.com')).toEqual([
      { eventId: 'bounce-1', type: 'BounceReceived', ...trace, causationId: 'provider-message-1' },
      { eventId: expect.any(String), type: 'RecipientSuppressed', ...trace, causationId: 'bounce-1' },
    ]);
  });

  it('traces each command of a batch by its own fact, under the batch request', async () => {
    await loop.executeAll(
      [hardBounce('b@example.com', 'bounce-b'), hardBounce('c@example.com', 'bounce-c')],
      undefined,
      {
        correlationId: 'batch-request',
        source: 'http',
      },
    );
    for (const [address, fact] of [
      ['b@example.com', 'bounce-b'],
      ['c@example.com', 'bounce-c'],
    ] as const) {
      const [recorded, decided] = await traceOfStream(address);
      expect(recorded).toEqual({
        eventId: fact,
        type: 'BounceReceived',
        correlationId: 'batch-request',
        causationId: undefined,
        source: 'http',
      });
      expect(decided).toMatchObject({ correlationId: 'batch-request', causationId: fact, source: 'http' });
    }
  });

  it('traces the decisions of a command without a trace to its fact, and nothing else', async () => {
    await loop.execute(hardBounce('d@example.com', 'bounce-d'));
    const [recorded, decided] = await traceOfStream('d@example.com');
    expect(recorded).toMatchObject({ correlationId: undefined, causationId: undefined, source: undefined });
    expect(decided).toMatchObject({ correlationId: undefined, causationId: 'bounce-d', source: undefined });
  });
});
