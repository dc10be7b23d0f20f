import type { AppendResult, EventStore, EventToAppend, ExpectedRevision, RecordedEvent } from '@app/event-store';
import { StreamNotFoundError, WrongExpectedRevisionError } from '@app/event-store';
import type { HandleCommandOptions, StreamState } from './handle-command';
import { conflictPauseMs, handleCommand } from './handle-command';

/** A counter stream: each `Added` event adds its amount; the command adds one unless the total reached a limit. */
interface Added {
  amount: number;
}

/** Streams held in memory; `interleave` runs before an append, as a concurrent writer would. */
class MemoryStreams {
  readonly streams = new Map<string, RecordedEvent[]>();
  appends = 0;
  interleave: (() => void) | undefined;

  readonly store = {
    readStream: (streamId: string): Promise<RecordedEvent[]> => {
      const events = this.streams.get(streamId);
      return events === undefined ? Promise.reject(new StreamNotFoundError(streamId)) : Promise.resolve([...events]);
    },
    append: (streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> => {
      this.interleave?.();
      this.appends++;
      return Promise.resolve(this.append(streamId, events, expected));
    },
  } as unknown as EventStore;

  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    if (expected !== 'any' && (expected === 'no_stream' ? actual !== -1 : expected !== actual)) {
      throw new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
    }
    for (const event of events) {
      stream.push({
        ...event,
        metadata: {},
        streamId,
        revision: stream.length,
        // One stream, so its log positions count its events from 1, as a log's do.
        position: BigInt(stream.length + 1),
        recordedAt: '2026-01-01T00:00:00.000Z',
      });
    }
    this.streams.set(streamId, stream);
    return { nextExpectedRevision: stream.length - 1, position: BigInt(stream.length) };
  }
}

function addOne(memory: MemoryStreams, overrides: Partial<HandleCommandOptions<number, Added, string>> = {}) {
  let ids = 0;
  return handleCommand<number, Added, string>({
    store: memory.store,
    streamId: 'counter-1',
    initialState: () => 0,
    evolve: (total, events) => events.reduce((sum, event) => sum + event.amount, total),
    decide: (total) => (total >= 3 ? { events: [], result: 'full' } : { events: [{ amount: 1 }], result: 'added' }),
    read: (recorded) => (recorded.type === 'Added' ? (recorded.data as unknown as Added) : undefined),
    write: (event) => ({ eventId: `event-${++ids}`, type: 'Added', data: { amount: event.amount } }),
    maxAttempts: 3,
    ...overrides,
  });
}

describe('handleCommand', () => {
  it('decides on the initial state when the stream does not exist, and appends expecting no stream', async () => {
    const memory = new MemoryStreams();
    const handled = await addOne(memory);
    expect(handled).toEqual({ result: 'added', stream: { state: 1, revision: 0, position: 1n }, appended: true });
    expect(memory.streams.get('counter-1')).toHaveLength(1);
  });

  it('folds the stream, skipping events it does not read, and answers without a write when nothing is decided', async () => {
    const memory = new MemoryStreams();
    memory.append('counter-1', [{ eventId: 'a', type: 'Added', data: { amount: 2 } }], 'no_stream');
    memory.append('counter-1', [{ eventId: 'b', type: 'Noted', data: {} }], 0);
    memory.append('counter-1', [{ eventId: 'c', type: 'Added', data: { amount: 1 } }], 1);
    const handled = await addOne(memory);
    expect(handled).toEqual({ result: 'full', stream: { state: 3, revision: 2, position: 3n }, appended: false });
    expect(memory.appends).toBe(0);
  });

  it('reads the stream again and decides again after a concurrent append', async () => {
    const memory = new MemoryStreams();
    const conflicts: WrongExpectedRevisionError[] = [];
    memory.interleave = () => {
      memory.interleave = undefined;
      memory.append('counter-1', [{ eventId: 'other', type: 'Added', data: { amount: 2 } }], 'any');
    };
    const handled = await addOne(memory, { onConflict: (conflict) => conflicts.push(conflict) });
    expect(handled.stream).toEqual({ state: 3, revision: 1, position: 2n });
    expect(conflicts).toHaveLength(1);
  });

  it('decides again when the store answers that another append already recorded these very events', async () => {
    const memory = new MemoryStreams();
    const conflicts: WrongExpectedRevisionError[] = [];
    const append = memory.store.append.bind(memory.store);
    // Another process recorded the same events at the same revision first; the store wrote nothing for this one.
    memory.store.append = (streamId, events, expected) => {
      memory.store.append = append;
      return Promise.resolve({ ...memory.append(streamId, events, expected), alreadyRecorded: true });
    };
    const once = (total: number) =>
      total >= 1 ? { events: [], result: 'duplicate' } : { events: [{ amount: 1 }], result: 'added' };
    const handled = await addOne(memory, { decide: once, onConflict: (conflict) => conflicts.push(conflict) });
    expect(handled).toEqual({ result: 'duplicate', stream: { state: 1, revision: 0, position: 1n }, appended: false });
    expect(memory.streams.get('counter-1')).toHaveLength(1);
    expect(conflicts).toHaveLength(1);
  });

  it('throws the last conflict once the attempts run out, having appended nothing of its own', async () => {
    const memory = new MemoryStreams();
    let others = 0;
    memory.interleave = () => {
      memory.append('counter-1', [{ eventId: `other-${++others}`, type: 'Noted', data: {} }], 'any');
    };
    await expect(addOne(memory, { maxAttempts: 2 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(memory.appends).toBe(2);
    expect(memory.streams.get('counter-1')?.map((event) => event.type)).toEqual(['Noted', 'Noted']);
  });

  it('keeps deciding again through several lost races, pausing between them, until it wins', async () => {
    const memory = new MemoryStreams();
    let others = 0;
    memory.interleave = () => {
      if (others === 4) {
        memory.interleave = undefined;
      }
      memory.append('counter-1', [{ eventId: `other-${++others}`, type: 'Noted', data: {} }], 'any');
    };
    const handled = await addOne(memory, { maxAttempts: 6 });
    expect(handled.result).toBe('added');
    expect(memory.streams.get('counter-1')?.map((event) => event.type)).toEqual([
      ...Array<string>(5).fill('Noted'),
      'Added',
    ]);
  });

  it('decides first on a stream the caller has already read, then keeps the cache in step with the store', async () => {
    const memory = new MemoryStreams();
    memory.append('counter-1', [{ eventId: 'a', type: 'Added', data: { amount: 1 } }], 'no_stream');
    const cached = new Map<string, StreamState<number>>();
    const handled = await addOne(memory, { readAlready: { state: 1, revision: 0 }, cache: cached });
    expect(handled.stream).toEqual({ state: 2, revision: 1, position: 2n });
    expect(cached.get('counter-1')).toEqual({ state: 2, revision: 1, position: 2n });
  });

  it('drops the cached state when an append fails, so the next command reads the store', async () => {
    const memory = new MemoryStreams();
    const cached = new Map<string, StreamState<number>>([['counter-1', { state: 0, revision: -1 }]]);
    memory.append('counter-1', [{ eventId: 'a', type: 'Added', data: { amount: 3 } }], 'no_stream');
    const handled = await addOne(memory, { cache: cached });
    expect(handled).toEqual({ result: 'full', stream: { state: 3, revision: 0, position: 1n }, appended: false });
    expect(cached.get('counter-1')).toEqual({ state: 3, revision: 0, position: 1n });
  });
});

describe('conflictPauseMs', () => {
  it('retries the first lost race at once', () => {
    expect(conflictPauseMs(1, () => 1)).toBe(0);
  });

  it('pauses a random share of a bound that doubles with each lost race, up to 50 ms', () => {
    expect([2, 3, 4, 5, 6, 7, 8].map((attempt) => conflictPauseMs(attempt, () => 1))).toEqual([
      4, 8, 16, 32, 50, 50, 50,
    ]);
    expect(conflictPauseMs(4, () => 0.25)).toBe(4);
    expect(conflictPauseMs(4, () => 0)).toBe(0);
  });
});
