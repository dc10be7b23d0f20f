import { describeSkipped } from './skipped-events';

describe('describeSkipped', () => {
  it.each([
    [{ erased: 0, notThisService: 0 }, 'no events skipped'],
    [{ erased: 3, notThisService: 12 }, "skipped 3 events of erased recipients and 12 that are not this service's"],
    [{ erased: 1, notThisService: 1 }, "skipped 1 event of erased recipients and 1 that is not this service's"],
    [{ erased: 2, notThisService: 0 }, 'skipped 2 events of erased recipients'],
    [{ erased: 0, notThisService: 1 }, "skipped 1 event that is not this service's"],
    [{ erased: 0, notThisService: 12_345 }, "skipped 12,345 events that are not this service's"],
  ])('%j reads "%s"', (counts, expected) => {
    expect(describeSkipped(counts)).toBe(expected);
  });
});
