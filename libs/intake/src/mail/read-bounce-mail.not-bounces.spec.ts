import { readBounceMail } from './read-bounce-mail';
import { mailFixture } from './testing/mail-fixture';

const RECEIVED_AT = '2024-04-01T00:00:00Z';
const read = (name: string) => readBounceMail(mailFixture(name), { receivedAt: RECEIVED_AT });

describe('complaints (ARF, RFC 5965)', () => {
  it('is a complaint for the Original-Rcpt-To, with the feedback type and the complained-about message', async () => {
    const report = await read('arf-abuse.eml');
    expect(report.recipients).toEqual([
      {
        address: 'ida@isp.example.net',
        kind: 'complaint',
        format: 'feedback-report',
        feedbackType: 'abuse',
        diagnostic:
          'This is an email abuse report for an email message received from IP 198.51.100.7 on Thu, 8 Mar 2024 14:00:00 EDT. For more information about this format please see http://www.mipassoc.org/arf/.',
        reportingMta: 'mail.isp.example.net',
        originalMessageId: '<offer-99@mail.example.com>',
        occurredAt: '2024-03-08T18:00:00.000Z',
      },
    ]);
  });

  it('takes the recipient from the returned message when the report redacts Original-Rcpt-To', async () => {
    const report = await read('arf-redacted.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'jon@mail.example.net',
        kind: 'complaint',
        feedbackType: 'abuse',
        originalMessageId: '<sale-8@mail.example.com>',
      }),
    ]);
  });

  it('falls back to the VERP return path of the returned message when it names no recipient either', async () => {
    const raw = new TextDecoder()
      .decode(mailFixture('arf-redacted.eml'))
      .replace('To: Jon Example <jon@mail.example.net>\n', '');
    const report = await readBounceMail(raw);
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'jon@mail.example.net', kind: 'complaint', fromVerp: true }),
    ]);
  });
});

describe('auto-replies and challenge-response mails', () => {
  it('reads an RFC 3834 out-of-office reply as an auto-reply from its sender', async () => {
    const report = await read('auto-reply-rfc3834.eml');
    expect(report.recipients).toEqual([
      { address: 'fay@example.org', kind: 'auto-reply', format: 'auto-reply', occurredAt: '2024-03-23T08:00:00.000Z' },
    ]);
  });

  it('recognises X-Autoreply, Precedence: auto_reply and a Japanese subject', async () => {
    const report = await read('auto-reply-x-autoreply.eml');
    expect(report.subject).toBe('自動応答: Your weekly digest');
    expect(report.recipients).toEqual([expect.objectContaining({ address: 'gus@example.jp', kind: 'auto-reply' })]);
  });

  it.each([
    ['Automatic reply: Your order', ''],
    ['Auto: Your order', ''],
    ['Re: Your order', 'X-Autorespond: yes\n'],
    ['Re: Your order', 'Auto-Submitted: auto-replied (vacation)\n'],
  ])('reads subject %j with headers %j as an auto-reply', async (subject, headers) => {
    const raw = `From: tom@example.org\nTo: noreply@example.com\nSubject: ${subject}\n${headers}\nAway.\n`;
    expect((await readBounceMail(raw)).recipients).toEqual([
      { address: 'tom@example.org', kind: 'auto-reply', format: 'auto-reply' },
    ]);
  });

  it('reads a challenge-response request as an auto-reply, never a bounce', async () => {
    const report = await read('challenge-response.eml');
    expect(report.recipients).toEqual([
      {
        address: 'hal@example.org',
        kind: 'auto-reply',
        format: 'challenge-response',
        occurredAt: '2024-03-25T10:00:00.000Z',
      },
    ]);
  });

  it('reads a bounce that carries Auto-Submitted: auto-replied as the bounce it is', async () => {
    const report = await read('exim.eml');
    expect(report.recipients.map((recipient) => recipient.kind)).toEqual(['bounce']);
  });
});

describe('VERP', () => {
  it('ties a notice in no known format to the recipient encoded in the address it was sent to', async () => {
    const report = await read('verp-unformatted.eml');
    expect(report.recipients).toEqual([
      {
        address: 'kai@example.org',
        kind: 'bounce',
        format: 'unformatted-bounce',
        status: '5.2.1',
        diagnostic: '550 5.2.1 This mailbox has been disabled.',
        occurredAt: '2024-03-27T15:30:00.000Z',
        fromVerp: true,
      },
    ]);
  });

  it('follows the pattern given in the options', async () => {
    const raw = new TextDecoder()
      .decode(mailFixture('verp-unformatted.eml'))
      .replace(/bounces\+kai=example\.org@/g, 'rt-kai_at_example.org@');
    const pattern = /^rt-(?<local>[^@]+)_at_(?<domain>[^@]+)@bounce\.example\.com$/;
    expect((await readBounceMail(raw)).error).toBe(
      'a bounce that names no recipient and was not sent to a VERP address',
    );
    expect((await readBounceMail(raw, { verpPattern: pattern })).recipients).toEqual([
      expect.objectContaining({ address: 'kai@example.org', kind: 'bounce', fromVerp: true }),
    ]);
  });
});

describe('mails that hold no report', () => {
  it.each([
    ['broken-not-a-mail.eml', 'the mail has no header fields'],
    ['broken-ordinary-mail.eml', 'no delivery-status or feedback report, known bounce format or auto-reply found'],
    ['broken-report-without-recipient.eml', 'a bounce that names no recipient and was not sent to a VERP address'],
  ])('%s gives a report with an error, not a throw', async (name, error) => {
    const report = await read(name);
    expect(report.error).toBe(error);
    expect(report.recipients).toEqual([]);
  });

  it('answers an empty mail and a non-text input with an error', async () => {
    expect((await readBounceMail('')).error).toBe('the mail has no header fields');
    expect((await readBounceMail(42 as unknown as string)).error).toBe('the mail must be text or bytes');
  });
});
