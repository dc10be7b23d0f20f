import type { StoreContext } from './contract-context';

const PROJECTION = 'recipient-status';

/** Dead letters: what a projection could not apply, recorded as it moves past them. */
export function describeDeadLettersContract(context: StoreContext): void {
  describe('dead letters', () => {
    it('are recorded with their position, stream, type and error, and move the checkpoint past the event', async () => {
      const { store } = context;
      await store.deadLetter(
        { position: 7n, streamId: 'recipient-a', type: 'SoftBounceRecorded', error: 'rejected (22P05)' },
        { name: PROJECTION, position: 7n },
      );
      expect(await store.checkpoint(PROJECTION)).toBe(7n);
      expect(await store.deadLetters(PROJECTION, 10)).toEqual({
        total: 1,
        first: [{ position: 7n, streamId: 'recipient-a', type: 'SoftBounceRecorded', error: 'rejected (22P05)' }],
      });
    });

    it('count every one but list only the first few in log order, each projection on its own', async () => {
      const { store } = context;
      for (const position of [30n, 10n, 20n]) {
        await store.deadLetter(
          { position, streamId: `recipient-${position}`, type: 'DeliveryRecorded', error: 'bad' },
          { name: PROJECTION, position },
        );
      }
      const summary = await store.deadLetters(PROJECTION, 2);
      expect(summary.total).toBe(3);
      expect(summary.first.map((letter) => letter.position)).toEqual([10n, 20n]);
      expect(await store.checkpoint(PROJECTION)).toBe(30n);
      expect(await store.deadLetters('other', 10)).toEqual({ total: 0, first: [] });
    });

    it('keep the first record of a redelivered one', async () => {
      const { store } = context;
      const letter = { position: 5n, streamId: 'recipient-a', type: 'DeliveryRecorded', error: 'first' };
      await store.deadLetter(letter, { name: PROJECTION, position: 5n });
      await store.deadLetter({ ...letter, error: 'second' }, { name: PROJECTION, position: 5n });
      expect(await store.deadLetters(PROJECTION, 10)).toEqual({ total: 1, first: [letter] });
    });

    it('store text that poisoned the event escaped, so the record itself is always storable', async () => {
      const { store } = context;
      await store.deadLetter(
        { position: 1n, streamId: 'recipient-a\u0000b', type: 'Delivery\uD800', error: 'NUL \u0000' },
        { name: PROJECTION, position: 1n },
      );
      expect((await store.deadLetters(PROJECTION, 1)).first).toEqual([
        { position: 1n, streamId: 'recipient-a\\u0000b', type: 'Delivery\\uD800', error: 'NUL \\u0000' },
      ]);
    });

    it('are gone after a reset', async () => {
      const { store } = context;
      await store.deadLetter(
        { position: 3n, streamId: 'recipient-a', type: 'DeliveryRecorded', error: 'bad' },
        { name: PROJECTION, position: 3n },
      );
      await store.reset();
      expect(await store.deadLetters(PROJECTION, 10)).toEqual({ total: 0, first: [] });
    });
  });
}
