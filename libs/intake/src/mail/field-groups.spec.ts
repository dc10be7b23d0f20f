import { readFieldGroups } from './field-groups';

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
