import { normaliseReplyText } from './reply-text';

describe('normaliseReplyText folding whitespace', () => {
  it('folds every character \\s matches, and only those, into a single space', () => {
    const unfolded: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      if (normaliseReplyText(text) !== text.replace(/\s+/g, ' ')) {
        unfolded.push(code.toString(16));
      }
    }
    expect(unfolded).toEqual([]);
  });

  it('folds runs of spaces and mixed whitespace, wherever they stand', () => {
    expect(normaliseReplyText('550 user  unknown')).toBe('550 user unknown');
    expect(normaliseReplyText('mailbox \t full\r\n  try later')).toBe('mailbox full try later');
    expect(normaliseReplyText('quota\u00a0exceeded')).toBe('quota exceeded');
    expect(normaliseReplyText('already single spaced')).toBe('already single spaced');
  });
});
