import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand } from '@app/domain';
import { defaultPolicy, foldRecipient, indexFacts } from '@app/domain';
import type { SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import { CurrentPolicy } from '../policy/current-policy';
import { recipientSnapshotsOf } from '../snapshots/recipient-snapshot-store';
import type { CommandOutcome } from './recipient-command-loop';
import { RecipientCommandLoop } from './recipient-command-loop';
import { RecipientStateCache } from './recipient-state-cache';
import { MINUTE, random, REPLIES, START, SteppingClock } from '../testing/generated-commands';

const ADDRESSES = ['ann@example.com', 'bob@example.com', 'cy@example.com'];

/** Bounces, deliveries, corrections and repeats of earlier facts, some of them out of time order. */
function commandFor(n: number, next: () => number): RecipientCommand {
  const address = ADDRESSES[Math.floor(next() * ADDRESSES.length)] ?? 'ann@example.com';
  const occurredAt = new Date(START + (n - Math.floor(next() * 30)) * MINUTE).toISOString();
  const roll = next();
  if (roll < 0.55) {
    const smtp = REPLIES[Math.floor(next() * REPLIES.length)];
    return { type: 'RecordBounce', address, occurredAt, messageId: `m-${n}`, smtp };
  }
  if (roll < 0.9) {
    return { type: 'RecordDelivery', address, occurredAt, messageId: `m-${n}` };
  }
  return { type: 'RecordCorrection', address, occurredAt, by: 'ops' };
}

describe('RecipientCommandLoop, state kept between commands', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new SteppingClock();
  const loop = (cache: RecipientStateCache): RecipientCommandLoop =>
    new RecipientCommandLoop({
      store,
      addressHashKey: 'a-test-key-of-sixteen-characters',
      policy: new CurrentPolicy(defaultPolicy()),
      cache,
      clock,
      maxClockSkewMs: 300_000,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'command-loop-fold-'));
    store = createSqliteEventStore({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The state and fact index the loop holds equal the fold and the index of the whole stream as stored. */
  async function expectFoldOfStream(commands: RecipientCommandLoop, outcome: CommandOutcome, address: string) {
    const events = await commands.readStream(commands.streamIdOf(address));
    expect(outcome.recipient.state).toEqual(foldRecipient(events));
    // A state loaded from a snapshot holds the facts after it and recalls the older ones from the store when asked.
    const index = indexFacts(events);
    const { seenFacts } = outcome.recipient;
    for (const [eventId, fingerprint] of seenFacts) {
      expect(index.get(eventId)).toBe(fingerprint);
    }
    const asked = [...index.keys()];
    asked.forEach((eventId) => seenFacts.get(eventId));
    const snapshots = recipientSnapshotsOf(store);
    const streamId = commands.streamIdOf(address);
    await seenFacts.recall((eventIds) => Promise.resolve(snapshots?.factFingerprints(streamId, eventIds) ?? new Map()));
    expect(new Map(asked.map((eventId) => [eventId, seenFacts.get(eventId)]))).toEqual(index);
    expect(outcome.recipient.revision).toBe(events.length - 1);
  }

  it.each([
    ['a cache that keeps every recipient', 100, 1],
    ['a cache of one, evicting at almost every command', 1, 2],
    ['a cache of two', 2, 3],
  ])('equals the fold of the stream after each command, with %s and a restart half way', async (_, size, seed) => {
    const next = random(seed);
    const recorded: RecipientCommand[] = [];
    let commands = loop(new RecipientStateCache(size));
    for (let n = 0; n < 240; n++) {
      if (n === 120) {
        commands = loop(new RecipientStateCache(size));
      }
      clock.at = START + n * MINUTE;
      // Every fifth command repeats one recorded earlier: the stream's whole past must still count as seen.
      const earlier = recorded[Math.floor(next() * recorded.length)];
      const command = n % 5 === 4 && earlier !== undefined ? earlier : commandFor(n, next);
      const outcome = await commands.execute(command);
      if (command === earlier) {
        expect(outcome.decision.outcome).toBe('duplicate');
      } else if (outcome.decision.outcome === 'recorded') {
        recorded.push(command);
      }
      await expectFoldOfStream(commands, outcome, command.address);
    }
  });

  it('keeps the state a command was answered with as it was when later commands extend the stream', async () => {
    const commands = loop(new RecipientStateCache(10));
    clock.at = START;
    const first = await commands.execute({
      type: 'RecordDelivery',
      address: 'ann@example.com',
      occurredAt: new Date(START - MINUTE).toISOString(),
      messageId: 'first',
    });
    const before = { state: structuredClone(first.recipient.state), seen: [...first.recipient.seenFacts] };
    await commands.execute({
      type: 'RecordBounce',
      address: 'ann@example.com',
      occurredAt: new Date(START).toISOString(),
      messageId: 'second',
      smtp: REPLIES[1],
    });

    expect(first.recipient.state).toEqual(before.state);
    expect([...first.recipient.seenFacts]).toEqual(before.seen);
  });
});
