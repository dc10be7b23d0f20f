import { describeRebuildSkipped, describeSimulationSkipped } from './skipped-events';

describe('describeRebuildSkipped', () => {
  it.each([
    [{ erased: 0, notThisService: 0 }, 'no events skipped'],
    [{ erased: 3, notThisService: 12 }, "skipped 3 events of erased recipients and 12 that are not this service's"],
    [{ erased: 1, notThisService: 1 }, "skipped 1 event of erased recipients and 1 that is not this service's"],
    [{ erased: 2, notThisService: 0 }, 'skipped 2 events of erased recipients'],
    [{ erased: 0, notThisService: 1 }, "skipped 1 event that is not this service's"],
    [{ erased: 0, notThisService: 12_345 }, "skipped 12,345 events that are not this service's"],
  ])('%j reads "%s"', (counts, expected) => {
    expect(describeRebuildSkipped(counts)).toBe(expected);
  });
});

describe('describeSimulationSkipped', () => {
  it.each([
    [{ erased: 0, unknownType: 0 }, 'no events skipped'],
    [{ erased: 3, unknownType: 2 }, 'skipped 3 events of erased recipients and 2 of types this service does not know'],
    [{ erased: 0, unknownType: 1 }, 'skipped 1 event of a type this service does not know'],
    [{ erased: 1, unknownType: 0 }, 'skipped 1 event of erased recipients'],
  ])('%j reads "%s"', (counts, expected) => {
    expect(describeSimulationSkipped(counts)).toBe(expected);
  });
});
