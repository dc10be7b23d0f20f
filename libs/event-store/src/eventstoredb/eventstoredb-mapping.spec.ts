import { comparePositions, laterPosition, resumablePortPosition } from './eventstoredb-mapping';

describe('EventStoreDB log positions', () => {
  it('order by commit first, then by prepare', () => {
    const positions = [
      { commit: 200n, prepare: 200n },
      { commit: 200n, prepare: 0n },
      { commit: 100n, prepare: 100n },
      { commit: 200n, prepare: 150n },
    ];

    const sorted = [...positions].sort(comparePositions);

    expect(sorted).toEqual([
      { commit: 100n, prepare: 100n },
      { commit: 200n, prepare: 0n },
      { commit: 200n, prepare: 150n },
      { commit: 200n, prepare: 200n },
    ]);
    expect(comparePositions({ commit: 5n, prepare: 5n }, { commit: 5n, prepare: 5n })).toBe(0);
    expect(laterPosition({ commit: 7n, prepare: 0n }, { commit: 7n, prepare: 7n })).toEqual({
      commit: 7n,
      prepare: 7n,
    });
  });

  it('put a checkpoint between records before the event written at its commit position', () => {
    const goingLive = { commit: 4096n, prepare: 0n };
    const eventWrittenThere = { commit: 4096n, prepare: 4096n };

    expect(comparePositions(goingLive, eventWrittenThere)).toBeLessThan(0);
  });

  describe('as the port position a caller may resume after', () => {
    it('is the commit position of an event', () => {
      expect(resumablePortPosition({ commit: 4096n, prepare: 4096n })).toBe(4096n);
    });

    it('is just before the commit position of a checkpoint between records, so the event there is not skipped', () => {
      expect(resumablePortPosition({ commit: 4096n, prepare: 0n })).toBe(4095n);
      expect(resumablePortPosition({ commit: 4096n, prepare: 4000n })).toBe(4095n);
    });
  });
});
