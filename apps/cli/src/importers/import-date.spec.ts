import { parseImportDate } from './import-date';

describe('dates in suppression-list exports', () => {
  it.each([
    ['ISO with an offset and seven fractional digits', '2024-03-05T05:11:10.2735393-05:00', '2024-03-05T10:11:10.273Z'],
    ['ISO in UTC', '2024-03-05T10:11:12Z', '2024-03-05T10:11:12.000Z'],
    ['a zone-less date-time, read as UTC', '2024-03-05 10:11:12', '2024-03-05T10:11:12.000Z'],
    ['a bare date, read as UTC midnight', '2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['Unix seconds as text', '1709633472', '2024-03-05T10:11:12.000Z'],
    ['Unix seconds with a fraction', 1709633472.5, '2024-03-05T10:11:12.500Z'],
    ['Unix milliseconds', 1709633472000, '2024-03-05T10:11:12.000Z'],
    ['RFC 2822', 'Tue, 05 Mar 2024 10:11:12 +0000', '2024-03-05T10:11:12.000Z'],
  ])('reads %s', (_label, input, expected) => {
    const ms = parseImportDate(input);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(expected);
  });

  it.each([['yesterday'], [''], [0], [-5], [null], [{}]])('rejects %p', (input) => {
    expect(parseImportDate(input)).toBeUndefined();
  });
});
