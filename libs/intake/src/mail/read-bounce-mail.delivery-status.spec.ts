import { readBounceMail } from './read-bounce-mail';
import { mailFixture } from './testing/mail-fixture';

const RECEIVED_AT = '2024-04-01T00:00:00Z';
const read = (name: string) => readBounceMail(mailFixture(name), { receivedAt: RECEIVED_AT });

/** A minimal report around a delivery-status body, for the field-level rules. */
function reportMail(deliveryStatus: string, headers = 'Date: Mon, 01 Apr 2024 10:00:00 +0000\n'): string {
  return (
    'From: MAILER-DAEMON@mx.example.net\nTo: bounces@bounce.example.com\nSubject: Undelivered Mail\n' +
    headers +
    'Message-ID: <dsn@mx.example.net>\nMIME-Version: 1.0\n' +
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n' +
    '--b\nContent-Type: text/plain\n\nFailed.\n\n' +
    `--b\nContent-Type: message/delivery-status\n\n${deliveryStatus}\n--b--\n`
  );
}

describe('a delivery-status report (RFC 3464)', () => {
  it('reads the Postfix report field by field, with the returned headers giving the original message id', async () => {
    const report = await read('rfc3464-postfix-user-unknown.eml');
    expect(report).toEqual({
      messageId: '<20240305101110.4F2A1C0001@mx1.example.net>',
      subject: 'Undelivered Mail Returned to Sender',
      recipients: [
        {
          address: 'gone@example.org',
          kind: 'bounce',
          format: 'delivery-status',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
          diagnosticType: 'smtp',
          action: 'failed',
          remoteMta: 'mx.example.org',
          reportingMta: 'mx1.example.net',
          finalRecipient: 'gone@example.org',
          originalRecipient: 'gone@example.org',
          originalMessageId: '<a1b2c3@mail.example.com>',
          occurredAt: '2024-03-05T10:11:10.000Z',
        },
      ],
    });
  });

  it('gives each recipient of a multi-recipient report its own evidence, in the order of the report', async () => {
    const report = await read('rfc3464-multi-recipient.eml');
    expect(
      report.recipients.map(({ address, kind, status, diagnostic, remoteMta }) => ({
        address,
        kind,
        status,
        diagnostic,
        remoteMta,
      })),
    ).toEqual([
      {
        address: 'ann@example.org',
        kind: 'bounce',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <ann@example.org>... User unknown',
        remoteMta: 'mx.example.org',
      },
      {
        address: 'bob@example.net',
        kind: 'bounce',
        status: '5.2.2',
        diagnostic: '552 5.2.2 <bob@example.net>... Mailbox full',
        remoteMta: 'mx.example.net',
      },
      {
        address: 'carol@example.org',
        kind: 'delay',
        status: '4.4.1',
        diagnostic: '421 4.4.1 Connection timed out',
        remoteMta: 'mx2.example.org',
      },
    ]);
  });

  it('takes the time of each recipient from its Last-Attempt-Date, converted to UTC', async () => {
    const report = await read('rfc3464-multi-recipient.eml');
    expect(report.recipients.map((recipient) => recipient.occurredAt)).toEqual([
      '2024-03-06T13:29:59.000Z',
      '2024-03-06T13:29:59.000Z',
      '2024-03-06T13:29:59.000Z',
    ]);
    expect(report.recipients[2]).toMatchObject({ action: 'delayed', willRetryUntil: '2024-03-11T13:29:41.000Z' });
  });

  it('reads Action: delayed as a delay, never a bounce', async () => {
    const report = await read('rfc3464-delayed.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'jane@example.org',
        kind: 'delay',
        status: '4.4.1',
        diagnostic: 'connect to mx.example.org[192.0.2.30]:25: Connection timed out',
        diagnosticType: 'X-Postfix',
        willRetryUntil: '2024-03-12T08:58:40.000Z',
      }),
    ]);
  });

  it('reads delivered and relayed as deliveries', async () => {
    const report = await read('rfc3464-delivered.eml');
    expect(report.recipients.map(({ address, kind, action }) => ({ address, kind, action }))).toEqual([
      { address: 'kim@example.org', kind: 'delivery', action: 'delivered' },
      { address: 'list@example.net', kind: 'delivery', action: 'relayed' },
    ]);
  });

  it('keeps a generic Status and the multi-line reply that holds the specific code, folded onto one line', async () => {
    const report = await read('rfc3464-generic-status.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'sam@example.org',
        kind: 'bounce',
        status: '5.0.0',
        diagnostic:
          "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550 5.1.1 unnecessary spaces.",
        remoteMta: 'mx.example.org',
        originalMessageId: '<offer-15@mail.example.com>',
        occurredAt: '2024-03-08T14:15:02.000Z',
      }),
    ]);
  });

  it('reads a failure the reporting MTA diagnosed itself, without a Remote-MTA', async () => {
    const [recipient] = (await read('rfc3464-postfix-local.eml')).recipients;
    expect(recipient).toEqual(
      expect.objectContaining({
        address: 'lee@example.invalid',
        kind: 'bounce',
        status: '5.4.4',
        diagnosticType: 'X-Postfix',
        diagnostic:
          'Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found, try again',
      }),
    );
    expect(recipient).not.toHaveProperty('remoteMta');
  });

  it('decodes a base64 report part in a CRLF message', async () => {
    const report = await read('rfc3464-base64-crlf.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'ops@example.org',
        kind: 'bounce',
        status: '5.7.1',
        diagnostic: '550 5.7.1 Message rejected as spam by content filter',
        remoteMta: 'mx.example.org',
      }),
    ]);
  });

  it('reads a message with old Mac CR-only line endings', async () => {
    const report = await read('rfc3464-cr-line-endings.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'pat@example.org',
        kind: 'bounce',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <pat@example.org>: User unknown',
        originalMessageId: '<invoice-302@mail.example.com>',
      }),
    ]);
  });

  it('reads an internationalised report (RFC 6533) with UTF-8 and \\x{} escaped addresses', async () => {
    const report = await read('rfc6533-global-delivery-status.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'jürgen@example.de',
        originalRecipient: 'jürgen@example.de',
        finalRecipient: 'jürgen@example.de',
        kind: 'bounce',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <jürgen@example.de>: Empfänger unbekannt',
        originalMessageId: '<welcome-9@mail.example.com>',
      }),
    ]);
  });

  it('finds the report inside a forwarded message and dates it by the report, not the forward', async () => {
    const report = await read('rfc3464-forwarded.eml');
    expect(report.messageId).toBe('<20240312150210.2B3C4D0007@mx1.example.net>');
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'max@example.org',
        kind: 'bounce',
        status: '5.2.1',
        diagnostic: '550 5.2.1 <max@example.org>: mailbox disabled',
        originalMessageId: '<invoice-301@mail.example.com>',
        occurredAt: '2024-03-12T15:02:10.000Z',
      }),
    ]);
  });

  it('reads what a truncated report still holds', async () => {
    const report = await read('broken-truncated.eml');
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'mia@example.org', kind: 'bounce', status: '5.1.1' }),
    ]);
  });
});

describe('the fields of a per-recipient group', () => {
  it('prefers Original-Recipient, the address we sent to, over a rewritten Final-Recipient', async () => {
    const report = await readBounceMail(
      reportMail(
        'Reporting-MTA: dns; mx.example.net\n\nOriginal-Recipient: rfc822;Info@Example.org\n' +
          'Final-Recipient: rfc822; owner-7@mailhost.example.org\nAction: failed\nStatus: 5.1.1\n',
      ),
    );
    expect(report.recipients[0]).toMatchObject({
      address: 'Info@example.org',
      originalRecipient: 'Info@example.org',
      finalRecipient: 'owner-7@mailhost.example.org',
    });
  });

  it('strips comments, angle brackets and the address type, and unfolds continued lines', async () => {
    const report = await readBounceMail(
      reportMail(
        'Reporting-MTA: dns; mx.example.net (Postfix)\n\n' +
          'Final-Recipient: RFC822; <ned@example.org> (Ned Example)\n' +
          'Action: Failed (permanent)\nStatus: 5.1.1 (bad destination mailbox address)\n' +
          'Remote-MTA: dns;\n mx.example.org\nDiagnostic-Code: smtp;550 5.1.1 user\n\tunknown\n',
      ),
    );
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'ned@example.org',
        action: 'failed',
        kind: 'bounce',
        status: '5.1.1',
        diagnostic: '550 5.1.1 user unknown',
        diagnosticType: 'smtp',
        remoteMta: 'mx.example.org',
        reportingMta: 'mx.example.net',
      }),
    ]);
  });

  it('takes the status from the diagnostic when the Status field is missing', async () => {
    const report = await readBounceMail(
      reportMail(
        'Final-Recipient: rfc822; oli@example.org\nAction: failed\nDiagnostic-Code: smtp; 552 5.2.2 over quota\n',
      ),
    );
    expect(report.recipients[0]).toMatchObject({ address: 'oli@example.org', kind: 'bounce', status: '5.2.2' });
  });

  it('reads the kind from the status class when Action is missing', async () => {
    const report = await readBounceMail(
      reportMail('Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; pia@example.org\nStatus: 4.2.2\n'),
    );
    expect(report.recipients[0]).toMatchObject({ address: 'pia@example.org', kind: 'delay', status: '4.2.2' });
  });

  it('prefers Last-Attempt-Date, then the notice Date, then Arrival-Date, then the receipt time', async () => {
    const group = 'Final-Recipient: rfc822; rex@example.org\nAction: failed\nStatus: 5.1.1\n';
    const arrival = 'Reporting-MTA: dns; mx.example.net\nArrival-Date: Sun, 31 Mar 2024 23:00:00 -0100\n\n';
    const times = await Promise.all([
      readBounceMail(reportMail(`${arrival}${group}Last-Attempt-Date: 1 Apr 2024 09:00 +0200\n`)),
      readBounceMail(reportMail(`${arrival}${group}`)),
      readBounceMail(reportMail(`${arrival}${group}`, '')),
      readBounceMail(reportMail(group, 'Date: sometime last week\n'), { receivedAt: '2024-04-01T12:00:00+02:00' }),
      readBounceMail(reportMail(group, '')),
    ]);
    expect(times.map((report) => report.recipients[0]?.occurredAt)).toEqual([
      '2024-04-01T07:00:00.000Z',
      '2024-04-01T10:00:00.000Z',
      '2024-04-01T00:00:00.000Z',
      '2024-04-01T10:00:00.000Z',
      undefined,
    ]);
  });

  it('recovers the recipient from the VERP address when the report names none', async () => {
    const report = await readBounceMail(
      reportMail('Final-Recipient: unknown; \nAction: failed\nStatus: 5.1.1\n').replace(
        'To: bounces@bounce.example.com',
        'To: bounces+sue=example.org@bounce.example.com',
      ),
    );
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'sue@example.org', kind: 'bounce', status: '5.1.1', fromVerp: true }),
    ]);
  });
});
