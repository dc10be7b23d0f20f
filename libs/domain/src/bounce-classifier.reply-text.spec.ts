import { classifyBounce, normaliseReplyText } from './bounce-classifier';
import { MAX_REPLY_TEXT_LENGTH } from './reply-text';

describe('normalising reply text', () => {
  it('flattens a multi-line Gmail reply and drops the repeated code prefixes', () => {
    const reply =
      '550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n' +
      "550-5.1.1 double-checking the recipient's email address for typos or\r\n" +
      '550-5.1.1 unnecessary spaces. For more information, go to\r\n' +
      '550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1b2c3 - gsmtp';
    expect(normaliseReplyText(reply)).toBe(
      "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's " +
        'email address for typos or unnecessary spaces. For more information, go to ' +
        'https://support.google.com/mail/?p=NoSuchUser a1b2c3 - gsmtp',
    );
  });

  it('removes the prefixes Postfix left mid-sentence when it folded the reply', () => {
    const reply =
      'host aspmx.l.google.com[203.0.113.26] said: 550-5.2.1 The email account that you tried to reach is inactive. For\n' +
      '    more 550-5.2.1 information, go to 550 5.2.1 https://support.google.com/mail/?p=DisabledUser a1b2c3 - gsmtp (in reply\n' +
      '    to RCPT TO command)';
    expect(normaliseReplyText(reply)).toBe(
      'host aspmx.l.google.com[203.0.113.26] said: 550 5.2.1 The email account that you tried to reach is inactive. ' +
        'For more information, go to https://support.google.com/mail/?p=DisabledUser a1b2c3 - gsmtp (in reply to RCPT TO command)',
    );
  });

  it('drops continuation prefixes that carry no enhanced code', () => {
    expect(
      normaliseReplyText('554-mx.example.org\n554-Transaction failed\n554 Reject due to policy restrictions.'),
    ).toBe('554 mx.example.org Transaction failed Reject due to policy restrictions.');
  });

  it('keeps a later code that differs from the first, since it is the real answer behind a generic one', () => {
    expect(normaliseReplyText('550 5.0.0 Delivery failed; remote said: 451 4.7.650 rate limited (S775)')).toBe(
      '550 5.0.0 Delivery failed; remote said: 451 4.7.650 rate limited (S775)',
    );
  });

  it('strips the "smtp;" diagnostic type and folds tabs and repeated spaces', () => {
    expect(normaliseReplyText('smtp;\t550  5.1.1\t<jane@example.org>:   user  unknown ')).toBe(
      '550 5.1.1 <jane@example.org>: user unknown',
    );
  });

  it('keeps bracketed provider tokens and dotted numbers that are not status codes', () => {
    const reply =
      '421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred - 4.16.55.1; see (S3150) AS(201806281)';
    expect(normaliseReplyText(reply)).toBe(reply);
  });

  it('returns an empty string for an empty or blank reply', () => {
    expect(normaliseReplyText('')).toBe('');
    expect(normaliseReplyText(' \r\n\t ')).toBe('');
  });

  it('considers only the first 2,000 characters of a reply', () => {
    const padding = 'x'.repeat(MAX_REPLY_TEXT_LENGTH);
    expect(MAX_REPLY_TEXT_LENGTH).toBe(2000);
    expect(normaliseReplyText(`${padding} user unknown`)).toBe(padding);
    expect(classifyBounce({ smtp: { diagnostic: `${padding} user unknown` } }).reason).toBe('undetermined');
  });

  it('bounds the work on a pathological reply of repeated prefixes to the first 2,000 characters', () => {
    const reply = '550-'.repeat(1000) + '5.1.1 '.repeat(1000);
    expect(normaliseReplyText(reply).length).toBeLessThanOrEqual(MAX_REPLY_TEXT_LENGTH);
  });
});
