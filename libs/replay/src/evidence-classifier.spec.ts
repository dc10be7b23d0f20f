import type { BounceReceived, Policy, SmtpEvidence } from '@app/domain';
import { classifyBounce, DEFAULT_POLICY_DOCUMENT, parsePolicy } from '@app/domain';
import { EvidenceClassifier } from './evidence-classifier';

const MAILBOX_UNKNOWN: SmtpEvidence = {
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
};
const MAILBOX_FULL: SmtpEvidence = {
  replyCode: 452,
  enhancedStatus: '4.2.2',
  diagnostic: '452 4.2.2 The email account that you tried to reach is over quota.',
};

/** Only the evidence is read from a bounce: the rest of the event does not matter here. */
function bounceWith(smtp: SmtpEvidence): BounceReceived {
  return { type: 'BounceReceived', data: { smtp } } as unknown as BounceReceived;
}

function candidate(): Policy {
  const parsed = parsePolicy({
    ...DEFAULT_POLICY_DOCUMENT,
    version: 'lenient-5.1.1',
    overrides: [{ match: { enhancedStatus: '5.1.1' }, class: 'soft', reason: 'mailbox_unavailable' }],
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.errors));
  }
  return parsed.policy;
}

describe("the candidate's classification of the projection's evidence", () => {
  it("classifies each evidence as the classifier does under the candidate's overrides", () => {
    const policy = candidate();
    const classifier = new EvidenceClassifier(policy);
    const unknown = classifier.classify(0, bounceWith(MAILBOX_UNKNOWN));
    expect(unknown).toEqual(classifyBounce({ smtp: MAILBOX_UNKNOWN }, policy.overrides));
    expect(unknown).toMatchObject({ class: 'soft', reason: 'mailbox_unavailable' });
    expect(classifier.classify(1, bounceWith(MAILBOX_FULL))).toEqual(
      classifyBounce({ smtp: MAILBOX_FULL }, policy.overrides),
    );
  });

  it('classifies an evidence once, however many bounces carry it', () => {
    const classifier = new EvidenceClassifier(candidate());
    const first = classifier.classify(0, bounceWith(MAILBOX_UNKNOWN));
    expect(classifier.classify(0, bounceWith(MAILBOX_UNKNOWN))).toBe(first);
    expect(classifier.classify(1, bounceWith(MAILBOX_UNKNOWN))).not.toBe(first);
  });
});
