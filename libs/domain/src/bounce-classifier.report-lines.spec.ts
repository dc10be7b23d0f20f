import type { Outcome } from './testing/bounce-outcome';
import { counting, notCounting, outcomeOf as outcome, replyOutcome, UNDETERMINED } from './testing/bounce-outcome';

// Support and the scoring harness paste the per-recipient fields of a delivery-status report (RFC 3464) as they
// stand: one field, both on one line, or the Diagnostic-Code value with its diagnostic type.
describe('lines shaped like delivery-status report fields', () => {
  it.each<[string, Outcome]>([
    ['Status: 5.1.1', counting('mailbox_unknown', 'hard', 'enhanced:5.1.1')],
    ['status: 5.1.1 (bad destination mailbox address)', counting('mailbox_unknown', 'hard', 'enhanced:5.1.1')],
    [
      "Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos",
      counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
    ],
    [
      'Diagnostic-Code: X-Postfix; Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found',
      counting('domain_unknown', 'hard', 'text:domain-unknown'),
    ],
    [
      'X-Postfix; host mx.example.com[192.0.2.1] said: 550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)',
      counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
    ],
    [
      'Status: 5.0.0 Diagnostic-Code: smtp; 550 Unknown user',
      counting('mailbox_unknown', 'hard', 'text:mailbox-unknown'),
    ],
    ['Diagnostic-Code: smtp; 550 Unknown user Status: 5.1.1', counting('mailbox_unknown', 'hard', 'enhanced:5.1.1')],
    [
      'Action: failed\nStatus: 4.4.7\nDiagnostic-Code: smtp; 451 4.7.1 Greylisted, please try again in 300 seconds',
      notCounting('greylisted', 'soft', 'text:greylisted'),
    ],
    [
      'Final-Recipient: rfc822; jane@example.net Action: failed Status: 5.2.2 Diagnostic-Code: smtp; 552 Mailbox full',
      counting('mailbox_full', 'soft', 'enhanced:5.2.2'),
    ],
    [
      'Status: 5.4.4 Diagnostic-Code: X-Postfix; Host or domain name not found. Name service error for name=example.invalid type=AAAA: Host not found',
      counting('domain_unknown', 'hard', 'text:domain-unknown'),
    ],
    ['Status: 5.0.0', UNDETERMINED],
    ['sorry, no mailbox here by that name. (#5.1.1)', counting('mailbox_unknown', 'hard', 'enhanced:5.1.1')],
    [
      '550 Requested action not taken: mailbox unavailable (5.1.1)',
      counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
    ],
  ])('%s', (line, expected) => {
    expect(replyOutcome(line)).toEqual(expected);
  });

  it.each([
    'Status: 5.1.1|Diagnostic-Code: smtp; 550 no',
    'Status: 5.1.1; Diagnostic-Code: smtp; 550 no',
    'Status: 5.1.1,Diagnostic-Code: smtp; 550 no',
  ])('splits fields joined by a bar, a semicolon or a comma: %s', (line) => {
    expect(replyOutcome(line)).toEqual(counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'));
  });

  it('takes the Status field only when the reply quotes no specific code of its own', () => {
    expect(
      replyOutcome('Status: 5.1.1 Diagnostic-Code: smtp; 550 5.7.1 <jane@example.net>... Relaying denied'),
    ).toEqual(notCounting('recipient_server_unavailable', 'hard', 'text:relay-denied'));
    expect(
      replyOutcome('Status: 5.1.1 Diagnostic-Code: smtp; 550 Requested action not taken: mailbox unavailable'),
    ).toEqual(counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'));
  });

  it('prefers a DSN Status given alongside over the one inside the pasted line', () => {
    expect(outcome({ dsnStatus: '5.2.2', smtp: { diagnostic: 'Status: 5.1.1' } })).toEqual(
      counting('mailbox_full', 'soft', 'enhanced:5.2.2'),
    );
  });

  it('reads a line that names no field as the reply itself, even when it mentions a field name later', () => {
    expect(replyOutcome('550 5.1.1 user unknown; action: none; status: gone')).toEqual(
      counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
    );
  });
});
