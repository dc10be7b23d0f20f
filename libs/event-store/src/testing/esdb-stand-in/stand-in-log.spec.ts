import { randomUUID } from 'node:crypto';
import { RECENT_EVENT_ID_CAPACITY, StandInLog } from './stand-in-log';
import type { ProposedEvent } from './stand-in-log';

function proposed(): ProposedEvent {
  return {
    eventId: randomUUID(),
    type: 'Noted',
    contentType: 'application/json',
    data: Buffer.from('{}'),
    customMetadata: new Uint8Array(),
  };
}

describe('the stand-in log', () => {
  it('opens with the system events a fresh node writes, before any client event', () => {
    const log = new StandInLog();

    expect(log.all.length).toBeGreaterThan(0);
    expect(log.all.every((event) => event.streamId.startsWith('$'))).toBe(true);
    expect(log.endOfLog).toBeGreaterThan(log.lastPosition ?? 0n);
  });

  describe('an ANY append that repeats ids', () => {
    it('is done without a write while the ids are recent', () => {
      const log = new StandInLog();
      const events = [proposed(), proposed()];
      log.append('s', { kind: 'any' }, events);

      const repeat = log.append('s', { kind: 'any' }, events);

      expect(repeat).toMatchObject({ kind: 'success', currentRevision: 1n });
      expect(log.stream('s')).toHaveLength(2);
    });

    it('is refused when it repeats only some of them', () => {
      const log = new StandInLog();
      const [a, b] = [proposed(), proposed()];
      log.append('s', { kind: 'any' }, [a, b]);

      expect(log.append('s', { kind: 'any' }, [a, proposed()])).toMatchObject({ kind: 'wrong_expected_version' });
    });

    it('is written again once the bounded cache has forgotten them, as on the real server', () => {
      const log = new StandInLog();
      const events = [proposed()];
      log.append('s', { kind: 'any' }, events);
      for (let filler = 0; filler < RECENT_EVENT_ID_CAPACITY; filler += 1) {
        log.append('other', { kind: 'any' }, [proposed()]);
      }

      log.append('s', { kind: 'any' }, events);

      expect(log.stream('s')).toHaveLength(2);
    });

    it('is written in another stream: the server dedupes ids per stream', () => {
      const log = new StandInLog();
      const events = [proposed()];
      log.append('s', { kind: 'any' }, events);

      log.append('t', { kind: 'any' }, events);

      expect(log.stream('t')).toHaveLength(1);
    });
  });

  it('refuses STREAM_EXISTS on a missing stream and dedupes a repeat on an existing one', () => {
    const log = new StandInLog();
    const events = [proposed()];

    expect(log.append('s', { kind: 'stream_exists' }, events)).toMatchObject({ kind: 'wrong_expected_version' });
    log.append('s', { kind: 'no_stream' }, [proposed()]);
    log.append('s', { kind: 'stream_exists' }, events);
    log.append('s', { kind: 'stream_exists' }, events);
    expect(log.stream('s')).toHaveLength(2);
  });
});
