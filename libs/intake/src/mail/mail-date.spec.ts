import { toRfc3339 } from './mail-date';

describe('toRfc3339', () => {
  it.each([
    ['Tue, 05 Mar 2024 10:11:10 +0000 (UTC)', '2024-03-05T10:11:10.000Z'],
    ['Tue,  5 Mar 2024 10:11:08 +0100', '2024-03-05T09:11:08.000Z'],
    ['5 Mar 2024 10:11 -0530', '2024-03-05T15:41:00.000Z'],
    ['14 Mar 2024 09:10:11 -0000', '2024-03-14T09:10:11.000Z'],
    ['Thu, 8 Mar 2024 14:00:00 EDT', '2024-03-08T18:00:00.000Z'],
    ['Fri, 08 Mar 2024 06:15:02 PST', '2024-03-08T14:15:02.000Z'],
    ['Mon, 1 Apr 24 00:00:00 GMT', '2024-04-01T00:00:00.000Z'],
    ['2024-03-05T10:11:10+02:00', '2024-03-05T08:11:10.000Z'],
  ])('reads %j as %s', (text, expected) => {
    expect(toRfc3339(text)).toBe(expected);
  });

  it.each([
    ['no zone', 'Tue, 05 Mar 2024 10:11:10'],
    ['an impossible day', 'Fri, 31 Feb 2024 10:00:00 +0000'],
    ['an impossible hour', 'Tue, 05 Mar 2024 25:00:00 +0000'],
    ['an unknown month', '5 Foo 2024 10:00:00 +0000'],
    ['prose', 'yesterday'],
  ])('reads %s as no date', (_case, text) => {
    expect(toRfc3339(text)).toBeUndefined();
  });
});
