import { randomUUID } from 'node:crypto';
import { SOFT_DELETED, StandInLog } from './stand-in-log';
import type { ProposedEvent } from './stand-in-log';

function proposed(text = 'personal'): ProposedEvent {
  return {
    eventId: randomUUID(),
    type: 'Noted',
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify({ text })),
    customMetadata: new Uint8Array(),
  };
}

/** Appends to other streams until the chunk being written is completed. */
function completeChunk(log: StandInLog): void {
  const chunk = log.endOfLog / log.chunkSize;
  while (log.endOfLog / log.chunkSize === chunk) {
    log.append(`filler-${randomUUID()}`, { kind: 'no_stream' }, [proposed('filler')]);
  }
}

const revisions = (log: StandInLog, streamId: string): bigint[] | undefined =>
  log.readableStream(streamId)?.map((event) => event.revision);

describe('soft deletes and scavenges in the stand-in log', () => {
  it('reads a soft-deleted stream as absent and records $tb = long.MaxValue in its metadata stream', () => {
    const log = new StandInLog();
    log.append('s', { kind: 'no_stream' }, [proposed(), proposed()]);

    const outcome = log.softDelete('s', { kind: 'revision', revision: 1n });

    expect(outcome).toEqual({ kind: 'success', position: log.lastPosition });
    expect(log.readableStream('s')).toBeUndefined();
    expect(log.truncatedBefore('s')).toBe(SOFT_DELETED);
    expect(Buffer.from(log.all.at(-1)?.data ?? []).toString()).toBe('{"$tb":9223372036854775807}');
    expect(log.all.filter((event) => event.streamId === 's')).toHaveLength(2);
  });

  it('refuses a wrong expected revision, naming the current one, and deletes nothing', () => {
    const log = new StandInLog();
    log.append('s', { kind: 'no_stream' }, [proposed(), proposed()]);

    expect(log.softDelete('s', { kind: 'revision', revision: 0n })).toEqual({
      kind: 'wrong_expected_version',
      currentRevision: 1n,
    });
    expect(revisions(log, 's')).toEqual([0n, 1n]);
  });

  it('takes an append with no_stream after the delete, numbering on, and moves $tb to it', () => {
    const log = new StandInLog();
    log.append('s', { kind: 'no_stream' }, [proposed(), proposed()]);
    log.softDelete('s', { kind: 'any' });

    const outcome = log.append('s', { kind: 'no_stream' }, [proposed('new')]);

    expect(outcome).toMatchObject({ kind: 'success', currentRevision: 2n });
    expect(log.truncatedBefore('s')).toBe(2n);
    expect(revisions(log, 's')).toEqual([2n]);
  });

  it('scavenges the deleted events of completed chunks, keeping the last event of each stream', () => {
    const log = new StandInLog('original', 2_048n);
    log.append('s', { kind: 'no_stream' }, [proposed(), proposed(), proposed('last')]);
    log.softDelete('s', { kind: 'any' });
    completeChunk(log);

    const removed = log.scavenge();

    expect(log.all.filter((event) => event.streamId === 's').map((event) => event.revision)).toEqual([2n]);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(log.stream('s')?.map((event) => event.scavenged === true)).toEqual([true, true, false]);
    expect(log.stream('s')?.[0]?.data).toHaveLength(0);
  });

  it('leaves the chunk being written alone', () => {
    const log = new StandInLog('original', 1_000_000n);
    log.append('s', { kind: 'no_stream' }, [proposed(), proposed()]);
    log.softDelete('s', { kind: 'any' });

    expect(log.scavenge()).toBe(0);
    expect(log.all.filter((event) => event.streamId === 's')).toHaveLength(2);
  });

  it('keeps the events of a stream that is not deleted', () => {
    const log = new StandInLog('original', 2_048n);
    log.append('kept', { kind: 'no_stream' }, [proposed(), proposed()]);
    completeChunk(log);

    log.scavenge();

    expect(revisions(log, 'kept')).toEqual([0n, 1n]);
    expect(log.all.filter((event) => event.streamId === 'kept')).toHaveLength(2);
  });
});
