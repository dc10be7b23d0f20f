import { syntaxErrorOffset } from './json-syntax';

describe('finding where a broken JSON export breaks', () => {
  it.each([
    ['a missing value', '{"a": }', 6],
    ['a trailing comma', '[1, 2, ]', 7],
    ['an unterminated string', '{"a": "b', 6],
    ['a raw line break inside a string', '["a\nb"]', 1],
    ['a missing colon', '{"a" 1}', 5],
    ['text after the document', '[1] x', 4],
    ['a premature end', '[1, 2', 5],
  ])('points at %s', (_label, text, offset) => {
    expect(syntaxErrorOffset(text)).toBe(offset);
  });

  it('accepts escapes and numbers that JSON allows', () => {
    const text = '{"a": ["x\\"y\\u00e9", -1.5e3, true, null]}';
    expect(() => {
      JSON.parse(text);
    }).not.toThrow();
    expect(syntaxErrorOffset(text)).toBe(text.length);
  });
});
