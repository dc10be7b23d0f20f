import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError } from '../event-store';
import { useStandInEventStore } from '../testing/stand-in-event-store';

/** Event ids as callers give them: the service takes any text up to 200 characters as a fact's `eventId`. */
const CALLER_IDS = ['ticket-4711', 'ses:0100018c-abc/ünïcode', 'A1B2C3D4-0000-4000-8000-00000000000F', 'x'.repeat(200)];
const SERVER_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('EventStoreDB adapter with event ids that are not UUIDs (against the stand-in)', () => {
  const fixture = useStandInEventStore();

  it.each(CALLER_IDS)(
    'stores %s under a UUID, as the server requires, and reads the given id back',
    async (eventId) => {
      const streamId = `recipient-${randomUUID()}`;
      const event = { eventId, type: 'SuppressionRequested', data: { by: 'ops' }, metadata: { actor: 'token-1' } };

      await fixture.store.append(streamId, [event], 'no_stream');

      const stored = fixture.standIn.log.stream(streamId) ?? [];
      expect(stored.map((record) => SERVER_FORM.test(record.eventId))).toEqual([true]);
      expect(await fixture.store.readStream(streamId)).toEqual([
        expect.objectContaining({ eventId, metadata: { actor: 'token-1' } }),
      ]);
      const fromLog = [];
      for await (const recorded of fixture.store.readAll()) {
        fromLog.push(recorded);
      }
      expect(fromLog.filter((recorded) => recorded.streamId === streamId)).toEqual([
        expect.objectContaining({ eventId, metadata: { actor: 'token-1' } }),
      ]);
    },
  );

  it('answers a re-append of the same id at the same revision without writing, since one id is one server id', async () => {
    const streamId = `recipient-${randomUUID()}`;
    const event = { eventId: 'ticket-1', type: 'SuppressionRequested', data: { by: 'ops' } };

    const first = await fixture.store.append(streamId, [event], 'no_stream');
    const again = await fixture.store.append(streamId, [event], 'no_stream');

    expect(again).toEqual({ ...first, alreadyRecorded: true });
    expect(fixture.standIn.log.stream(streamId)).toHaveLength(1);
  });

  it('refuses the same id in another stream, naming both streams', async () => {
    const [first, second] = [`recipient-${randomUUID()}`, `recipient-${randomUUID()}`];
    const event = { eventId: 'ticket-2', type: 'SuppressionRequested', data: { by: 'ops' } };
    await fixture.store.append(first, [event], 'no_stream');

    const refused = await fixture.store.append(second, [event], 'no_stream').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DuplicateEventIdError);
    expect(refused).toMatchObject({ streams: { appendedTo: second, recordedIn: first } });
    expect(fixture.standIn.log.stream(second)).toBeUndefined();
  });

  it('keeps a lower-case UUID as the server id, with nothing added to the metadata', async () => {
    const streamId = `recipient-${randomUUID()}`;
    const eventId = randomUUID();

    await fixture.store.append(streamId, [{ eventId, type: 'SuppressionRequested', data: {} }], 'no_stream');

    const [stored] = fixture.standIn.log.stream(streamId) ?? [];
    expect(stored?.eventId).toBe(eventId);
    expect(Buffer.from(stored?.customMetadata ?? []).toString()).not.toContain('$eventId');
  });

  it('refuses caller metadata that uses the key the id is kept under, naming it', async () => {
    const append = fixture.store.append(
      `recipient-${randomUUID()}`,
      [{ eventId: 'ticket-3', type: 'SuppressionRequested', data: {}, metadata: { $eventId: 'forged' } }],
      'no_stream',
    );

    await expect(append).rejects.toThrow('metadata.$eventId of event ticket-3 is reserved');
  });
});
