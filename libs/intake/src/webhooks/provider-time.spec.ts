import { isoFromTimestamp, isoFromUnixSeconds } from './provider-time';

describe('provider clocks', () => {
  it.each([
    ['2024-03-05T10:11:12.345Z', '2024-03-05T10:11:12.345Z'],
    ['2018-10-08T14:05:45 +0000', '2018-10-08T14:05:45.000Z'],
    ['2024-03-05T05:11:10.2735393-05:00', '2024-03-05T10:11:10.273Z'],
    ['2024-03-05T05:11:10-0500', '2024-03-05T10:11:10.000Z'],
    ['2024-03-05 10:11:12z', '2024-03-05T10:11:12.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(isoFromTimestamp(text)).toBe(iso);
  });

  it.each(['2024-03-05T10:11:12', '2024-03-05', 'yesterday', '', 1709633472])(
    'refuses %p, which names no single instant',
    (value) => {
      expect(isoFromTimestamp(value)).toBeUndefined();
    },
  );

  it.each([
    [1709633470, '2024-03-05T10:11:10.000Z'],
    ['1709633470', '2024-03-05T10:11:10.000Z'],
    [1699999998.402871, '2023-11-14T22:13:18.403Z'],
  ])('reads UNIX seconds %p as %s', (seconds, iso) => {
    expect(isoFromUnixSeconds(seconds)).toBe(iso);
  });

  it.each([0, -5, Number.NaN, 1e300, '17e8', 'soon', null])('refuses %p as UNIX seconds', (value) => {
    expect(isoFromUnixSeconds(value)).toBeUndefined();
  });
});
