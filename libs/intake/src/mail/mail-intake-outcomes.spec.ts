import type { BounceClass, BounceReason } from '@app/domain';
import { classifyBounce, isUuid } from '@app/domain';
import type { IntakeBounce, IntakeOutcome } from '../intake-command';
import { mailEventId, toIntakeOutcomes } from './mail-intake-outcomes';
import type { MailReport } from './mail-report';
import { readBounceMail } from './read-bounce-mail';
import { mailFixture } from './testing/mail-fixture';

const RECEIVED_AT = '2024-04-01T00:00:00Z';
const outcomesOf = async (name: string): Promise<IntakeOutcome[]> =>
  toIntakeOutcomes(await readBounceMail(mailFixture(name), { receivedAt: RECEIVED_AT }));

describe('toIntakeOutcomes', () => {
  it('maps a bounce to IntakeBounce with the smtp evidence, the DSN status and a derived event id', async () => {
    const [bounce] = await outcomesOf('rfc3464-postfix-user-unknown.eml');
    expect(bounce).toEqual({
      kind: 'bounce',
      address: 'gone@example.org',
      occurredAt: '2024-03-05T10:11:10.000Z',
      eventId: expect.any(String),
      source: 'mail',
      messageId: '<a1b2c3@mail.example.com>',
      smtp: {
        replyCode: 550,
        enhancedStatus: '5.1.1',
        diagnostic: '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
      },
      dsnStatus: '5.1.1',
    });
    expect(isUuid((bounce as IntakeBounce).eventId)).toBe(true);
  });

  it('passes the specific code of the reply as the enhanced status when the DSN Status is generic', async () => {
    const [bounce] = (await outcomesOf('rfc3464-generic-status.eml')) as IntakeBounce[];
    expect(bounce?.smtp).toMatchObject({ replyCode: 550, enhancedStatus: '5.1.1' });
    expect(bounce?.dsnStatus).toBe('5.0.0');
  });

  it('carries the SMTP stage a text notice names, and no DSN status for a notice without one', async () => {
    const [bounce] = (await outcomesOf('exim.eml')) as IntakeBounce[];
    expect(bounce?.smtp).toMatchObject({ replyCode: 550, enhancedStatus: '5.1.1', stage: 'rcpt_to' });
    expect(bounce).not.toHaveProperty('dsnStatus');
  });

  it('ignores delays and auto-replies, and records deliveries and complaints', async () => {
    expect(await outcomesOf('rfc3464-multi-recipient.eml')).toEqual([
      expect.objectContaining({ kind: 'bounce', address: 'ann@example.org' }),
      expect.objectContaining({ kind: 'bounce', address: 'bob@example.net' }),
      { kind: 'ignored', reason: 'delivery_delay', address: 'carol@example.org' },
    ]);
    expect(await outcomesOf('auto-reply-rfc3834.eml')).toEqual([
      { kind: 'ignored', reason: 'auto_reply', address: 'fay@example.org' },
    ]);
    expect(await outcomesOf('challenge-response.eml')).toEqual([
      { kind: 'ignored', reason: 'auto_reply', address: 'hal@example.org' },
    ]);
    expect(await outcomesOf('rfc3464-delivered.eml')).toEqual([
      expect.objectContaining({ kind: 'delivery', address: 'kim@example.org', source: 'mail' }),
      expect.objectContaining({ kind: 'delivery', address: 'list@example.net', source: 'mail' }),
    ]);
    expect(await outcomesOf('arf-abuse.eml')).toEqual([
      expect.objectContaining({
        kind: 'complaint',
        address: 'ida@isp.example.net',
        feedbackType: 'abuse',
        messageId: '<offer-99@mail.example.com>',
        occurredAt: '2024-03-08T18:00:00.000Z',
        evidence: expect.stringContaining('This is an email abuse report'),
      }),
    ]);
  });

  it('does not record a not-spam or auth-failure feedback report as a complaint', () => {
    const complaint = (feedbackType: string): MailReport => ({
      recipients: [{ address: 'ida@example.org', kind: 'complaint', format: 'feedback-report', feedbackType }],
    });
    expect(toIntakeOutcomes(complaint('not-spam'), { receivedAt: RECEIVED_AT })).toEqual([
      { kind: 'ignored', reason: 'feedback_not_spam', address: 'ida@example.org' },
    ]);
    expect(toIntakeOutcomes(complaint('auth-failure'), { receivedAt: RECEIVED_AT })).toEqual([
      { kind: 'ignored', reason: 'feedback_auth_failure', address: 'ida@example.org' },
    ]);
  });

  it('bounds the stored diagnostic as the API bounds a posted one', () => {
    const report: MailReport = {
      messageId: '<long@example.net>',
      recipients: [
        { address: 'ann@example.org', kind: 'bounce', format: 'qmail', diagnostic: `550 5.1.1 ${'x'.repeat(5000)}` },
      ],
    };
    const [bounce] = toIntakeOutcomes(report, { receivedAt: RECEIVED_AT }) as IntakeBounce[];
    expect(bounce?.smtp?.diagnostic).toHaveLength(4000);
    expect(bounce?.smtp).toMatchObject({ replyCode: 550, enhancedStatus: '5.1.1' });
  });

  it('turns a report with an error into one invalid outcome naming the mail', async () => {
    expect(await outcomesOf('broken-ordinary-mail.eml')).toEqual([
      {
        kind: 'invalid',
        field: 'mail',
        message: 'no delivery-status or feedback report, known bounce format or auto-reply found',
      },
    ]);
  });

  it('uses the receipt time for entries without a time, and marks them invalid when there is none', () => {
    const report: MailReport = {
      messageId: '<n@example.net>',
      recipients: [{ address: 'ann@example.org', kind: 'bounce', format: 'qmail', status: '5.1.1' }],
    };
    expect(toIntakeOutcomes(report, { receivedAt: '2024-04-01T02:00:00+02:00' })).toEqual([
      expect.objectContaining({ kind: 'bounce', occurredAt: '2024-04-01T00:00:00.000Z' }),
    ]);
    expect(toIntakeOutcomes(report)).toEqual([
      {
        kind: 'invalid',
        field: 'recipients[0].occurredAt',
        message: 'the notice carries no date and no receipt time was given',
      },
    ]);
  });
});

describe('event ids', () => {
  it('are the same when the same mail is handed over twice, whatever the receipt time', async () => {
    const first = toIntakeOutcomes(await readBounceMail(mailFixture('qmail.eml'), { receivedAt: RECEIVED_AT }));
    const again = toIntakeOutcomes(
      await readBounceMail(mailFixture('qmail.eml'), { receivedAt: '2024-05-01T00:00:00Z' }),
    );
    expect(again).toEqual(first);
  });

  it('differ between the recipients of one report, and between a delay and a bounce of one message', async () => {
    const report = await readBounceMail(mailFixture('rfc3464-multi-recipient.eml'));
    const ids = report.recipients.map((recipient) => mailEventId(recipient, report));
    expect(new Set(ids).size).toBe(3);
    const [ann] = report.recipients;
    expect(mailEventId({ ...ann!, kind: 'delay' }, report)).not.toBe(mailEventId(ann!, report));
    expect(mailEventId({ ...ann!, status: '5.2.2' }, report)).not.toBe(mailEventId(ann!, report));
  });

  it("fall back to the notice's own Message-ID when the bounced message's id is unknown", async () => {
    const report = await readBounceMail(mailFixture('gmail.eml'));
    const [recipient] = report.recipients;
    expect(recipient?.originalMessageId).toBeUndefined();
    expect(mailEventId(recipient!, report)).not.toBe(mailEventId(recipient!, { messageId: '<other@example.net>' }));
  });

  it('ignore the case of the address', async () => {
    const report = await readBounceMail(mailFixture('qmail.eml'));
    const [recipient] = report.recipients;
    expect(mailEventId({ ...recipient!, address: 'IVY@example.org' }, report)).toBe(mailEventId(recipient!, report));
  });
});

describe('the classifier reads the evidence of each format', () => {
  const cases: [string, number, BounceClass, BounceReason, boolean][] = [
    ['rfc3464-postfix-user-unknown.eml', 0, 'hard', 'mailbox_unknown', true],
    ['rfc3464-generic-status.eml', 0, 'hard', 'mailbox_unknown', true],
    ['rfc3464-multi-recipient.eml', 1, 'soft', 'mailbox_full', true],
    ['rfc3464-forwarded.eml', 0, 'hard', 'mailbox_disabled', true],
    ['rfc3464-base64-crlf.eml', 0, 'hard', 'reputation_block', false],
    ['qmail.eml', 0, 'hard', 'mailbox_unknown', true],
    ['qmail.eml', 1, 'hard', 'mailbox_unknown', true],
    ['exim.eml', 0, 'hard', 'mailbox_unknown', true],
    ['exchange.eml', 0, 'hard', 'mailbox_unknown', true],
    ['exchange-html.eml', 1, 'soft', 'mailbox_full', true],
    ['sendmail.eml', 0, 'hard', 'mailbox_unknown', true],
    ['yahoo.eml', 0, 'hard', 'mailbox_unknown', true],
    ['gmail.eml', 0, 'hard', 'mailbox_unknown', true],
    ['gmail-legacy.eml', 0, 'soft', 'mailbox_full', true],
    ['postfix-text.eml', 0, 'hard', 'policy_rejection', false],
    ['postfix-text.eml', 1, 'hard', 'mailbox_unknown', true],
    ['verp-unformatted.eml', 0, 'hard', 'mailbox_disabled', true],
  ];

  it.each(cases)('%s, recipient %i: %s %s (counts: %s)', async (name, index, cls, reason, counts) => {
    const bounce = (await outcomesOf(name))[index] as IntakeBounce;
    expect(bounce.kind).toBe('bounce');
    expect(classifyBounce(bounce)).toMatchObject({ class: cls, reason, countsAgainstRecipient: counts });
  });
});
