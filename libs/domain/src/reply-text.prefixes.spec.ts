import { readReplyText } from './reply-text';

describe('readReplyText dropping repeated code prefixes', () => {
  // The rule written the plain way, one String.replace callback per prefix, as the reference for the faster scan.
  function reference(reply: string): { text: string; firstReply?: string; firstStatus?: string } {
    const flat = reply.replace(/\s+/g, ' ');
    let firstReply: string | undefined;
    let firstStatus: string | undefined;
    const text = flat.replace(
      /(?<![\w.])([45]\d\d)[-\s](?:([245]\.\d{1,3}\.\d{1,3})(?!\.?\d))?\s?/g,
      (prefix: string, reply: string, status: string | undefined) => {
        if (firstReply === undefined) {
          firstReply = reply;
          firstStatus = status;
          return status === undefined ? `${reply} ` : `${reply} ${status} `;
        }
        return reply === firstReply && (status === undefined || status === firstStatus) ? '' : prefix;
      },
    );
    return { text: text.trim(), firstReply, firstStatus };
  }

  const PIECES = [
    '550',
    '550-',
    '551 ',
    '450-4.2.2',
    '5.1.1',
    '5.1.10',
    '4.16.55.1',
    ' ',
    'x',
    '.',
    '-',
    'user unknown ',
  ];

  it('gives what one replace per prefix gives, on every arrangement of codes and words', () => {
    const mismatches: string[] = [];
    // Every sequence of up to four pieces: first prefixes, repeats, differing codes, codes glued to words.
    const visit = (reply: string, depth: number): void => {
      const expected = reference(reply);
      const actual = readReplyText(reply);
      const replyCode = expected.firstReply ?? /(?<![\w.[\]-])([45]\d\d)(?![\w.[\]-])/.exec(expected.text)?.[1];
      if (
        actual.text !== expected.text ||
        actual.replyCode !== (replyCode === undefined ? undefined : Number(replyCode)) ||
        (expected.firstStatus !== undefined && actual.enhancedStatus !== expected.firstStatus)
      ) {
        mismatches.push(reply);
      }
      if (depth < 4) {
        PIECES.forEach((piece) => visit(reply + piece, depth + 1));
      }
    };
    visit('', 0);
    expect(mismatches).toEqual([]);
  });

  it('returns a reply whose only prefix is already written as "code status " unchanged', () => {
    expect(readReplyText('550 5.1.1 user unknown')).toEqual({
      text: '550 5.1.1 user unknown',
      replyCode: 550,
      enhancedStatus: '5.1.1',
    });
    expect(readReplyText('550-5.1.1 user unknown').text).toBe('550 5.1.1 user unknown');
  });
});
