import { readFieldGroups } from './field-groups';
import { readAddress } from './mail-address';

describe('readFieldGroups', () => {
  it('splits on blank lines, lower-cases names, unfolds continuations and keeps repeated fields', () => {
    const groups = readFieldGroups(
      'Reporting-MTA: dns; mx.example.net\r\n\r\n\r\nFinal-Recipient: rfc822; a@example.org\n' +
        'Diagnostic-Code: smtp; 550 5.1.1\n   user unknown\nX-Note: one\nX-NOTE: two\n  \n' +
        'Final-Recipient: rfc822; b@example.org\n',
    );
    expect(groups.map((group) => Object.fromEntries(group))).toEqual([
      { 'reporting-mta': ['dns; mx.example.net'] },
      {
        'final-recipient': ['rfc822; a@example.org'],
        'diagnostic-code': ['smtp; 550 5.1.1 user unknown'],
        'x-note': ['one', 'two'],
      },
      { 'final-recipient': ['rfc822; b@example.org'] },
    ]);
  });
});

describe('readAddress', () => {
  it.each([
    ['rfc822; Jane@Example.ORG', 'Jane@example.org'],
    ['rfc822;<jane@example.org>', 'jane@example.org'],
    ['jane@example.org (Jane)', 'jane@example.org'],
    ['utf-8; j\\x{00FC}rgen@example.de', 'jürgen@example.de'],
  ])('reads %j as %s', (value, address) => {
    expect(readAddress(value)).toBe(address);
  });

  it.each(['unknown; ', 'rfc822; jane', 'x400; /G=Jane/S=Doe/O=Example/', 'rfc822; jane@localhost'])(
    'reads %j as no address',
    (value) => {
      expect(readAddress(value)).toBeUndefined();
    },
  );
});
