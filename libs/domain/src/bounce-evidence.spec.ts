import { readBounceFacts } from './bounce-evidence';

describe('readBounceFacts on pasted delivery-status report fields', () => {
  it('reads the first Status and the first Diagnostic-Code when a line repeats them', () => {
    const facts = readBounceFacts({
      smtp: {
        diagnostic:
          'Status: 5.2.2 Diagnostic-Code: smtp; 550 Mailbox full Status: 5.1.1 Diagnostic-Code: smtp; 550 5.1.1 x',
      },
    });
    expect(facts.text).toBe('550 Mailbox full');
    expect(facts.enhancedStatus).toBe('5.2.2');
    expect(facts.replyCode).toBe(550);
  });

  it('takes a value up to the next field, whatever joins them, and trims it', () => {
    const facts = readBounceFacts({
      smtp: { diagnostic: 'Final-Recipient: rfc822; a@b.example|Status:  4.4.7 ;Diagnostic-Code:   smtp; 451 later  ' },
    });
    expect(facts.text).toBe('451 later');
    expect(facts.enhancedStatus).toBe('4.4.7');
  });

  it('reads an empty diagnostic when the report names none, or names it last with no value', () => {
    expect(readBounceFacts({ smtp: { diagnostic: 'Status: 5.1.1 Action: failed' } }).text).toBe('');
    expect(readBounceFacts({ smtp: { diagnostic: 'Status: 5.1.1 Diagnostic-Code:' } }).text).toBe('');
  });
});
