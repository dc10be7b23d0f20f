import type { MailRecipient } from './mail-report';
import { readBounceMail } from './read-bounce-mail';
import { mailFixture } from './testing/mail-fixture';

const RECEIVED_AT = '2024-04-01T00:00:00Z';
const read = (name: string) => readBounceMail(mailFixture(name), { receivedAt: RECEIVED_AT });
const essentials = ({ address, kind, format, status, diagnostic }: MailRecipient) => ({
  address,
  kind,
  format,
  status,
  diagnostic,
});

describe('plain-text notices without a report part', () => {
  it('qmail: one entry per <address>: paragraph, the remote reply after "Remote host said:"', async () => {
    const report = await read('qmail.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'ivy@example.org',
        kind: 'bounce',
        format: 'qmail',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <ivy@example.org>... User unknown',
      },
      {
        address: 'noone@example.net',
        kind: 'bounce',
        format: 'qmail',
        status: '5.1.1',
        diagnostic: 'Sorry, no mailbox here by that name. (#5.1.1)',
      },
    ]);
    expect(report.recipients[0]).toMatchObject({
      remoteMta: '192.0.2.60',
      originalMessageId: '<digest-11@mail.example.com>',
      occurredAt: '2024-03-14T09:10:11.000Z',
    });
  });

  it('Exim: the address list, the remote host and the command the server refused', async () => {
    const report = await read('exim.eml');
    expect(report.recipients).toEqual([
      {
        address: 'quinn@example.org',
        kind: 'bounce',
        format: 'exim',
        status: '5.1.1',
        diagnostic:
          '550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please check the address and try again.',
        stage: 'rcpt_to',
        remoteMta: 'mx.example.org',
        originalMessageId: '<invite-5@mail.example.com>',
        occurredAt: '2024-03-15T10:20:30.000Z',
      },
    ]);
  });

  it('Exim: a delay warning is a delay', async () => {
    const report = await read('exim-delayed.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'rae@example.org',
        kind: 'delay',
        format: 'exim',
        status: '4.2.2',
        diagnostic: '452 4.2.2 Mailbox full, try again later',
      },
    ]);
  });

  it('Exim: the X-Failed-Recipients header names the recipients when the body lists none', async () => {
    const raw = new TextDecoder()
      .decode(mailFixture('exim.eml'))
      .replace('X-Failed-Recipients: quinn@example.org', 'X-Failed-Recipients: quinn@example.org, ray@example.net')
      .replace(
        /The following address\(es\) failed:[\s\S]*?------ This/,
        'The addresses are in the header.\n\n------ This',
      );
    const report = await readBounceMail(raw);
    expect(report.recipients.map(({ address, kind, format }) => ({ address, kind, format }))).toEqual([
      { address: 'quinn@example.org', kind: 'bounce', format: 'exim' },
      { address: 'ray@example.net', kind: 'bounce', format: 'exim' },
    ]);
  });

  it('Office 365: the address under "Delivery has failed…" and the reply quoted by "Remote Server returned"', async () => {
    const report = await read('exchange.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'uma@example.org',
        kind: 'bounce',
        format: 'exchange',
        status: '5.1.10',
        diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      },
    ]);
    expect(report.recipients[0]?.originalMessageId).toBe('<order-88@mail.example.com>');
  });

  it('Exchange: an HTML-only report, with the replies written between # and ##', async () => {
    const report = await read('exchange-html.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'vic@corp.example.net',
        kind: 'bounce',
        format: 'exchange',
        status: '5.1.1',
        diagnostic: '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
      },
      {
        address: 'wes@corp.example.net',
        kind: 'bounce',
        format: 'exchange',
        status: '5.2.2',
        diagnostic: '552 5.2.2 STOREDRV.Deliver; recipient mailbox is full',
      },
    ]);
    expect(report.recipients[1]?.remoteMta).toBe('mbx.corp.example.net');
  });

  it('Exchange: leaves out what script and style elements of an HTML report hold', async () => {
    const raw =
      'From: postmaster@corp.example.net\nTo: bounces@example.com\nSubject: Undeliverable: Hello\n' +
      'Content-Type: text/html\n\n<style>\n\ncarl@example.net\n\n</STYLE>' +
      '<p>Delivery has failed to these recipients or groups:</p>\n\n<script>\n\nbob@example.net\n\n</script>\n\n' +
      '<p>ann@example.org<br>Not found.</p>\n\n<script>\n\ndan@example.net\n\n';
    const report = await readBounceMail(raw);
    expect(report.recipients.map((recipient) => recipient.address)).toEqual(['ann@example.org']);
  });

  it('Sendmail: the reason listed with each address, and the command from the transcript', async () => {
    const report = await read('sendmail.eml');
    expect(report.recipients).toEqual([
      {
        address: 'xena@example.org',
        kind: 'bounce',
        format: 'sendmail',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <xena@example.org>... User unknown',
        stage: 'rcpt_to',
        remoteMta: 'mx.example.org',
        originalMessageId: '<notice-3@mail.example.com>',
        occurredAt: '2024-03-19T16:40:12.000Z',
      },
    ]);
  });

  it('Sendmail: a transcript alone still names the address and the failure', async () => {
    const report = await read('sendmail-transcript-only.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'yuri@host.example.net',
        kind: 'bounce',
        format: 'sendmail',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <yuri@host.example.net>... User unknown',
      },
    ]);
  });

  it('Yahoo: the qmail-style paragraph after "Sorry, we were unable to deliver…"', async () => {
    const report = await read('yahoo.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'zoe@yahoo.example.net',
        kind: 'bounce',
        format: 'yahoo',
        status: undefined,
        diagnostic:
          "554: delivery error: dd This user doesn't have a yahoo.example.net account (zoe@yahoo.example.net) [0] - mta1001.mail.yahoo.example.net",
      },
    ]);
  });

  it('Gmail: "Address not found" and the remote server\'s response', async () => {
    const report = await read('gmail.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'abe@example.org',
        kind: 'bounce',
        format: 'gmail',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <abe@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
      },
    ]);
  });

  it('Gmail: the older "failed permanently" notice with the indented address', async () => {
    const report = await read('gmail-legacy.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'bea@example.org',
        kind: 'bounce',
        format: 'gmail',
        status: '5.2.2',
        diagnostic: '552 5.2.2 <bea@example.org>: Mailbox quota exceeded',
      },
    ]);
  });

  it('Gmail: words in the quoted message below the notice do not turn a failure into a delay', async () => {
    const raw =
      new TextDecoder().decode(mailFixture('gmail.eml')) +
      `\n----- Original message -----\n${'Shipping update. '.repeat(150)}\nYour parcel has been delayed.\n`;
    const report = await readBounceMail(raw);
    expect(report.recipients.map(({ address, kind }) => ({ address, kind }))).toEqual([
      { address: 'abe@example.org', kind: 'bounce' },
    ]);
  });

  it('Gmail: "Delivery incomplete" is a delay', async () => {
    const report = await read('gmail-delayed.eml');
    expect(report.recipients.map(essentials)).toEqual([
      {
        address: 'cal@example.org',
        kind: 'delay',
        format: 'gmail',
        status: undefined,
        diagnostic: 'The recipient server did not accept our requests to connect.',
      },
    ]);
  });

  it('Postfix without a report part: "<address>: host … said: …" with the reply unwrapped', async () => {
    const report = await read('postfix-text.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'dee@example.org',
        kind: 'bounce',
        format: 'postfix',
        status: '5.7.1',
        diagnostic: '550 5.7.1 <dee@example.org>: Recipient address rejected: Access denied',
        remoteMta: 'mx.example.org',
        stage: 'rcpt_to',
      }),
      expect.objectContaining({
        address: 'eli@example.net',
        kind: 'bounce',
        format: 'postfix',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <eli@example.net>: Recipient address rejected: User unknown in local recipient table',
        remoteMta: 'mx.example.net',
        stage: 'rcpt_to',
      }),
    ]);
  });

  it('Postfix without a report part: the warning-only notice is a delay', async () => {
    const raw = new TextDecoder()
      .decode(mailFixture('postfix-text.eml'))
      .replace('Subject: Undelivered Mail Returned to Sender', 'Subject: Delayed Mail (still being retried)');
    const report = await readBounceMail(raw);
    expect(report.recipients.map((recipient) => recipient.kind)).toEqual(['delay', 'delay']);
  });
  it('reads a plain-text notice forwarded as an attachment, dated by the notice', async () => {
    const qmail = new TextDecoder().decode(mailFixture('qmail.eml'));
    const forward =
      'From: ops@example.com\nTo: deliverability@example.com\nSubject: Fwd: failure notice\n' +
      'Date: Mon, 01 Apr 2024 09:00:00 +0000\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="f"\n\n' +
      `--f\nContent-Type: text/plain\n\nSee below.\n\n--f\nContent-Type: message/rfc822\n\n${qmail}\n--f--\n`;
    const report = await readBounceMail(forward);
    expect(report.recipients.map(({ address, format, occurredAt }) => ({ address, format, occurredAt }))).toEqual([
      { address: 'ivy@example.org', format: 'qmail', occurredAt: '2024-03-14T09:10:11.000Z' },
      { address: 'noone@example.net', format: 'qmail', occurredAt: '2024-03-14T09:10:11.000Z' },
    ]);
  });
});
