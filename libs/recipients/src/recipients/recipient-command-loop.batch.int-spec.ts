import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand } from '@app/domain';
import { defaultPolicy } from '@app/domain';
import type { SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore, EventStoreUnavailableError } from '@app/event-store';
import { Clock } from '../clock';
import { CurrentPolicy } from '../policy/current-policy';
import type { CommandOutcome } from './recipient-command-loop';
import { RecipientCommandLoop } from './recipient-command-loop';
import { RecipientStateCache } from './recipient-state-cache';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const MINUTE = 60_000;

class FixedClock extends Clock {
  override now(): number {
    return NOW;
  }
}

function bounce(address: string, minutesAgo: number, replyCode = 452, eventId?: string): RecipientCommand {
  const enhancedStatus = replyCode === 550 ? '5.1.1' : '4.2.2';
  return {
    type: 'RecordBounce',
    address,
    eventId,
    occurredAt: new Date(NOW - minutesAgo * MINUTE).toISOString(),
    messageId: `m-${address}-${minutesAgo}-${replyCode}`,
    smtp: { replyCode, enhancedStatus, diagnostic: `${replyCode} ${enhancedStatus} test` },
  };
}

function delivery(address: string, minutesAgo: number): RecipientCommand {
  return {
    type: 'RecordDelivery',
    address,
    occurredAt: new Date(NOW - minutesAgo * MINUTE).toISOString(),
    messageId: `d-${address}-${minutesAgo}`,
  };
}

/** What an outcome says, without the in-memory objects that carry it. */
function summary(outcome: CommandOutcome | Error) {
  if (outcome instanceof Error) {
    return { error: outcome.name };
  }
  const { decision, recipient } = outcome;
  return {
    outcome: decision.outcome,
    code: decision.outcome === 'rejected' ? decision.code : undefined,
    field: decision.outcome === 'rejected' ? decision.field : undefined,
    standing: recipient.state.standing,
    revision: recipient.revision,
  };
}

describe('RecipientCommandLoop.executeAll', () => {
  let dir: string;
  const stores: SqliteEventStore[] = [];
  const open = (name: string): SqliteEventStore => {
    const store = createSqliteEventStore({ path: join(dir, `${name}.sqlite`) });
    stores.push(store);
    return store;
  };
  const loop = (store: SqliteEventStore): RecipientCommandLoop =>
    new RecipientCommandLoop({
      store,
      addressHashKey: 'a-test-key-of-sixteen-characters',
      policy: new CurrentPolicy(defaultPolicy()),
      cache: new RecipientStateCache(100),
      clock: new FixedClock(),
      maxClockSkewMs: 300_000,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'command-loop-batch-'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every command in the order given, as running them one at a time would', async () => {
    const commands = [
      bounce('ann@example.com', 50),
      bounce('bob@example.com', 49, 550),
      bounce('ann@example.com', 48),
      delivery('cy@example.com', 47),
      bounce('ann@example.com', 48),
      bounce('ann@example.com', 46),
      { ...bounce('bob@example.com', 45), occurredAt: 'not a time' },
      delivery('ann@example.com', 44),
      bounce('ann@example.com', 43),
      delivery('cy@example.com', 42),
    ];
    const oneByOne = loop(open('one-by-one'));
    const expected = [];
    for (const command of commands) {
      expected.push(summary(await oneByOne.execute(command)));
    }
    const batched = loop(open('batched'));

    const outcomes = await batched.executeAll(commands);

    expect(outcomes.map(summary)).toEqual(expected);
    for (const address of ['ann@example.com', 'bob@example.com', 'cy@example.com']) {
      const types = async (commandLoop: RecipientCommandLoop) =>
        (await commandLoop.readStream(commandLoop.streamIdOf(address))).map((event) => [event.type, event.eventId]);
      expect(await types(batched)).toEqual(await types(oneByOne));
    }
  });

  it('decides a recipient again on a revision conflict, losing and doubling nothing of any recipient', async () => {
    const store = open('shared');
    const here = loop(store);
    const elsewhere = loop(store);
    await here.execute(bounce('ann@example.com', 60));
    await here.execute(bounce('bob@example.com', 60));
    // `here` still holds ann at revision 0; the batch's append for ann conflicts and is decided again.
    await elsewhere.execute(bounce('ann@example.com', 59));

    const outcomes = await here.executeAll([
      bounce('ann@example.com', 30),
      bounce('bob@example.com', 30),
      bounce('ann@example.com', 59),
    ]);

    // The duplicate shows the batch decided ann on the stream as the other writer left it.
    expect(outcomes.map(summary)).toMatchObject([
      { outcome: 'recorded' },
      { outcome: 'recorded' },
      { outcome: 'duplicate' },
    ]);
    const facts = async (address: string) =>
      (await here.readStream(here.streamIdOf(address))).filter((event) => event.type === 'BounceReceived').length;
    expect(await facts('ann@example.com')).toBe(3);
    expect(await facts('bob@example.com')).toBe(2);
  });

  it('reads the recipients it holds no state of in one read, deciding on what their streams already hold', async () => {
    const history = [bounce('ann@example.com', 60), bounce('bob@example.com', 60, 550)];
    const batch = [bounce('ann@example.com', 60), bounce('cy@example.com', 10), delivery('bob@example.com', 5)];
    const reference = loop(open('reference'));
    const expected = [];
    for (const command of [...history, ...batch]) {
      expected.push(summary(await reference.execute(command)));
    }
    const store = open('shared');
    const writer = loop(store);
    for (const command of history) {
      await writer.execute(command);
    }
    const reader = loop(store);
    const readStreams = jest.spyOn(store, 'readStreams');
    const readStream = jest.spyOn(store, 'readStream');

    const outcomes = await reader.executeAll(batch);

    expect(outcomes.map(summary)).toEqual(expected.slice(history.length));
    expect(readStreams).toHaveBeenCalledTimes(1);
    expect(readStreams.mock.calls[0]?.[0]).toEqual(
      expect.arrayContaining(['ann@example.com', 'bob@example.com', 'cy@example.com'].map(reader.streamIdOf, reader)),
    );
    expect(readStream).not.toHaveBeenCalled();
  });

  it('answers every command of the recipients it could not read with the read error', async () => {
    const store = open('unreadable');
    const commands = loop(store);
    await commands.execute(bounce('ann@example.com', 60));
    jest.spyOn(store, 'readStreams').mockRejectedValue(new EventStoreUnavailableError('The store is down'));

    const outcomes = await commands.executeAll([
      bounce('bob@example.com', 50),
      bounce('ann@example.com', 50),
      bounce('bob@example.com', 49),
    ]);

    // Ann is cached from her own command, so only bob depends on the failed read.
    expect(outcomes.map(summary)).toMatchObject([
      { error: 'EventStoreUnavailableError' },
      { outcome: 'recorded' },
      { error: 'EventStoreUnavailableError' },
    ]);
    expect(await commands.readStream(commands.streamIdOf('bob@example.com'))).toEqual([]);
  });

  it('refuses only the command whose id another recipient has, recording the rest of its recipient', async () => {
    const commands = loop(open('ids'));
    await commands.execute(bounce('bob@example.com', 60, 452, 'taken'));

    const outcomes = await commands.executeAll([
      bounce('ann@example.com', 50),
      bounce('ann@example.com', 49, 452, 'taken'),
      bounce('ann@example.com', 48),
    ]);

    expect(outcomes.map(summary)).toMatchObject([
      { outcome: 'recorded' },
      { outcome: 'rejected', code: 'conflict', field: 'eventId' },
      { outcome: 'recorded' },
    ]);
  });
});
