import { addressesIn, readAddress } from './mail-address';

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

describe('addressesIn', () => {
  it('finds every address in running text and list headers, in order, without their punctuation', () => {
    expect(
      addressesIn(
        `"Ann" <ann@Example.ORG>, o'brien@example.net (Brien); Remote Server returned '550 <cy@example.com>'. ` +
          'Mail to dee@example.org. bounced; not-an-address@ and @example.org and x@localhost',
      ),
    ).toEqual(['ann@example.org', "o'brien@example.net", 'cy@example.com', 'dee@example.org']);
  });

  it('finds nothing in a word far longer than any address', () => {
    expect(addressesIn(`${'a'.repeat(2000)}@example.org`)).toEqual([]);
  });
});
