import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventToAppend, RecordedEvent } from '../event-store';
import { StreamNotFoundError } from '../event-store';
import { useTemporarySqliteStores } from '../testing/temporary-sqlite-stores';

const ADDRESS = 'erase.me@example.org';

function event(data: Record<string, unknown> = {}): EventToAppend {
  return { eventId: randomUUID(), type: 'BounceReceived', data };
}

/** Every file the store left in its folder (the database, its WAL and shared memory) that holds `text`'s bytes. */
function filesHolding(directory: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return readdirSync(directory).filter((name) => readFileSync(join(directory, name)).includes(needle));
}

describe('erasing a stream of the embedded SQLite store', () => {
  const temporary = useTemporarySqliteStores('sqlite-erasure-');

  it('deletes its events and leaves no copy of their data in the database, its WAL or its shared memory', async () => {
    const store = temporary.open();
    await store.append(
      'recipient-a',
      [event({ address: ADDRESS }), event({ address: ADDRESS, note: 'x'.repeat(5000) })],
      'no_stream',
    );
    await store.append('recipient-b', [event({ address: 'kept@example.org' })], 'no_stream');
    expect(filesHolding(temporary.directory, ADDRESS)).not.toEqual([]);

    const erasure = await store.eraseStream('recipient-a');

    expect(erasure).toEqual({ erasedEvents: 2, walCleared: true });
    await expect(store.readStream('recipient-a')).rejects.toBeInstanceOf(StreamNotFoundError);
    expect((await store.readStream('recipient-b')).map((recorded) => recorded.data)).toEqual([
      { address: 'kept@example.org' },
    ]);
    expect(filesHolding(temporary.directory, ADDRESS)).toEqual([]);
    expect(filesHolding(temporary.directory, 'kept@example.org')).not.toEqual([]);
  });

  it('keeps positions growing: a subscriber past the erased events still receives the next ones', async () => {
    const store = temporary.open();
    await store.append('recipient-a', [event({ address: ADDRESS })], 'no_stream');
    const tail = await store.append('erasures', [event()], 'no_stream');
    await store.eraseStream('recipient-a');

    const received: RecordedEvent[] = [];
    const subscription = store.subscribeAll(
      { after: tail.position },
      { onEvent: (recorded) => void received.push(recorded) },
    );
    const next = await store.append('recipient-a', [event({ address: 'new@example.org' })], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await subscription.close();

    expect(next.position).toBeGreaterThan(tail.position);
    expect(next.nextExpectedRevision).toBe(0);
    expect(received.map((recorded) => recorded.position)).toEqual([next.position]);
  });

  it("refuses to erase the stream holding the log's last event, and erases nothing", async () => {
    const store = temporary.open();
    await store.append('recipient-a', [event({ address: ADDRESS })], 'no_stream');

    await expect(store.eraseStream('recipient-a')).rejects.toThrow(/recipient-a holds the log's last event/);
    expect(await store.readStream('recipient-a')).toHaveLength(1);
  });

  it('says a stream that does not exist is not found', async () => {
    const store = temporary.open();
    await store.append('other', [event()], 'no_stream');

    await expect(store.eraseStream('recipient-missing')).rejects.toBeInstanceOf(StreamNotFoundError);
  });
});
