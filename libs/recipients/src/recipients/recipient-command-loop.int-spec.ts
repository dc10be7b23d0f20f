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

function hardBounce(address: string, eventId?: string): RecordBounce {
  return {
    type: 'RecordBounce',
    address,
    eventId,
    occurredAt: new Date(NOW - 60_000).toISOString(),
    smtp: { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
  };
}

describe('RecipientCommandLoop', () => {
  let dir: string;
  let store: SqliteEventStore;
  const loop = (cacheSize = 100): RecipientCommandLoop =>
    new RecipientCommandLoop({
      store,
      addressHashKey: 'a-test-key-of-sixteen-characters',
      policy: new CurrentPolicy(defaultPolicy()),
      cache: new RecipientStateCache(cacheSize),
      clock: new FixedClock(),
      maxClockSkewMs: 300_000,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'command-loop-'));
    store = createSqliteEventStore({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a fact and its decisions, and answers a concurrent copy of it as the duplicate it is', async () => {
    const commands = loop();
    const [first, second] = await Promise.all([
      commands.execute(hardBounce('a@example.com', 'bounce-1')),
      commands.execute(hardBounce('a@example.com', 'bounce-1')),
    ]);
    expect(first.decision.outcome).toBe('recorded');
    expect(second.decision.outcome).toBe('duplicate');
    const events = await commands.readStream(commands.streamIdOf('a@example.com'));
    expect(events.map((event) => event.type)).toEqual(['BounceReceived', 'RecipientSuppressed']);
    expect(second.recipient.revision).toBe(1);
  });

  it('decides on the stream as the store has it when another process appended since the cache was filled', async () => {
    const here = loop();
    const elsewhere = loop();
    await here.execute(hardBounce('b@example.com', 'bounce-1'));
    await elsewhere.execute(hardBounce('b@example.com', 'bounce-2'));
    // `here` still holds the stream at revision 1: its append conflicts, and it decides again on revision 2.
    const outcome = await here.execute(hardBounce('b@example.com', 'bounce-3'));
    expect(outcome.decision.outcome).toBe('recorded');
    const events = await here.readStream(here.streamIdOf('b@example.com'));
    expect(events.map((event) => event.eventId).filter((id) => id.startsWith('bounce'))).toEqual([
      'bounce-1',
      'bounce-2',
      'bounce-3',
    ]);
    expect(outcome.recipient.revision).toBe(events.length - 1);
    expect(outcome.recipient.seenFacts.has('bounce-2')).toBe(true);
  });

  it('refuses an event id already recorded for another recipient, naming the field', async () => {
    const commands = loop();
    await commands.execute(hardBounce('c@example.com', 'shared-id'));
    const outcome = await commands.execute(hardBounce('d@example.com', 'shared-id'));
    expect(outcome.decision).toMatchObject({ outcome: 'rejected', code: 'conflict', field: 'eventId' });
  });
});
