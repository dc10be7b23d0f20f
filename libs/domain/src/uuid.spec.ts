import fc from 'fast-check';
import { v5 } from 'uuid';
import { isUuid, RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it.each([
    ['www.example.com', DNS_NAMESPACE, '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['python.org', DNS_NAMESPACE, '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    ['http://python.org/', URL_NAMESPACE, '4c565f0d-3f5a-5890-b41b-20cf47701c5e'],
    ['www.example.com', DNS_NAMESPACE.toUpperCase(), '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
  ])('matches the published vector for %j in namespace %s', (name, namespace, expected) => {
    expect(uuidV5(name, namespace)).toBe(expected);
  });

  it.each([
    ['bücher.de', '1f4eebdd-eb37-5345-b8c6-9e1b16d2d023'],
    ['😀', '52096f1e-2b44-5520-929f-9e587f0f4899'],
  ])('hashes the name %j as UTF-8, as other implementations do', (name, expected) => {
    expect(uuidV5(name, DNS_NAMESPACE)).toBe(expected);
  });

  it('hashes a lone surrogate as U+FFFD instead of throwing, as ids derived from untrusted text need', () => {
    expect(uuidV5('a\ud800b', DNS_NAMESPACE)).toBe('7ddcff48-f6da-51a8-84aa-6fabda0e46f1');
    expect(uuidV5('a\ud800b', DNS_NAMESPACE)).toBe(uuidV5('a\ufffdb', DNS_NAMESPACE));
  });

  it('gives different ids in different namespaces', () => {
    expect(uuidV5('www.example.com', URL_NAMESPACE)).not.toBe(uuidV5('www.example.com', DNS_NAMESPACE));
  });

  it.each([['not-a-uuid'], [''], ['6ba7b8109dad11d180b400c04fd430c8']])(
    'refuses a namespace that is not a UUID (%j)',
    (namespace) => {
      expect(() => uuidV5('x', namespace)).toThrow(TypeError);
    },
  );

  describe('as properties', () => {
    it('is deterministic and always a lower-case version 5, RFC 4122 variant UUID', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme' }), (name) => {
          const id = uuidV5(name, RECIPIENT_STATE_NAMESPACE);
          expect(id).toBe(uuidV5(name, RECIPIENT_STATE_NAMESPACE));
          expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        }),
      );
    });

    it('agrees with the uuid package on any name (its UTF-8) in any namespace, alternating namespaces', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), fc.uuid(), (name, namespace) => {
          const bytes = new TextEncoder().encode(name);
          expect(uuidV5(name, namespace)).toBe(v5(bytes, namespace));
          expect(uuidV5(name, RECIPIENT_STATE_NAMESPACE)).toBe(v5(bytes, RECIPIENT_STATE_NAMESPACE));
        }),
      );
    });

    it('gives distinct names distinct ids', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), (a, b) => {
          fc.pre(a !== b);
          expect(uuidV5(a, RECIPIENT_STATE_NAMESPACE)).not.toBe(uuidV5(b, RECIPIENT_STATE_NAMESPACE));
        }),
      );
    });
  });
});

describe('RECIPIENT_STATE_NAMESPACE', () => {
  it('is a fixed UUID, so derived ids stay stable across releases', () => {
    expect(RECIPIENT_STATE_NAMESPACE).toBe('73c47d3c-9fa2-45db-8442-e788c9630022');
    expect(isUuid(RECIPIENT_STATE_NAMESPACE)).toBe(true);
  });
});

describe('isUuid', () => {
  it.each([
    ['a lower-case UUID', '2ed6657d-e927-568b-95e1-2665a8aea6a2', true],
    ['an upper-case UUID', '2ED6657D-E927-568B-95E1-2665A8AEA6A2', true],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000', true],
    ['a UUID without hyphens', '2ed6657de927568b95e12665a8aea6a2', false],
    ['a UUID in braces', '{2ed6657d-e927-568b-95e1-2665a8aea6a2}', false],
    ['a UUID with surrounding whitespace', ' 2ed6657d-e927-568b-95e1-2665a8aea6a2', false],
    ['a non-hex digit', '2ed6657d-e927-568b-95e1-2665a8aea6ag', false],
    ['a group of the wrong length', '2ed6657-de927-568b-95e1-2665a8aea6a2', false],
    ['an empty string', '', false],
    ['a number', 42, false],
    ['null', null, false],
  ])('says %s is %s', (_case, value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});
