import type { SmtpEvidence } from '../classification';
import type { DecisionEvent, RecipientEvent } from '../events';
import { isFact } from '../events';
import type { Policy } from '../policy';
import { defaultPolicy } from '../policy-parser';
import type { RecipientCommand } from '../recipient-commands';
import type { Decision } from '../recipient.decider';
import { decide, indexFacts } from '../recipient.decider';
import type { RecipientState } from '../recipient-state';
import { initialRecipientState } from '../recipient-state';
import type { StatusView } from '../recipient-status';
import { statusAt } from '../recipient-status';

export const ADDRESS = 'jane@example.com';

/** Given/when/then for one recipient: commands are decided live at the given times and their events kept. */
export class RecipientSpec {
  readonly events: RecipientEvent[] = [];
  state: RecipientState = initialRecipientState();
  private readonly seen = new Map<string, string>();

  constructor(readonly policy: Policy = defaultPolicy()) {}

  /** Past commands; each must have been recorded or answered, never rejected. */
  given(...steps: [at: string, command: RecipientCommand][]): this {
    for (const [at, command] of steps) {
      const decision = this.when(at, command);
      if (decision.outcome === 'rejected') {
        throw new Error(`given step rejected: ${decision.message}`);
      }
    }
    return this;
  }

  when(at: string, command: RecipientCommand): Decision {
    const decision = decide(command, this.state, { policy: this.policy, now: Date.parse(at), seenFacts: this.seen });
    if (decision.outcome === 'recorded') {
      this.events.push(...decision.events);
      indexFacts(decision.events, this.seen);
      this.state = decision.state;
    }
    return decision;
  }

  statusAt(at: string): StatusView {
    return statusAt(this.state, this.policy, Date.parse(at));
  }

  decisions(): DecisionEvent[] {
    return this.events.filter((event): event is DecisionEvent => !isFact(event));
  }
}

/** The decisions of a `recorded` outcome, by type, for terse assertions. */
export function decisionTypes(decision: Decision): string[] {
  return decision.outcome === 'recorded' ? decision.decisions.map((event) => event.type) : [];
}

export const MAILBOX_UNKNOWN: SmtpEvidence = {
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
};
export const MAILBOX_FULL: SmtpEvidence = {
  replyCode: 452,
  enhancedStatus: '4.2.2',
  diagnostic: '452 4.2.2 The email account that you tried to reach is over quota.',
};
export const REPUTATION_BLOCK: SmtpEvidence = {
  replyCode: 550,
  enhancedStatus: '5.7.1',
  diagnostic:
    "550 5.7.1 Unfortunately, messages from [203.0.113.7] weren't sent. Please contact your Internet service " +
    'provider since part of their network is on our block list (S3150).',
};
export const RATE_LIMITED: SmtpEvidence = {
  replyCode: 421,
  enhancedStatus: '4.7.28',
  diagnostic: '421 4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address.',
};

export function bounce(
  occurredAt: string,
  smtp: SmtpEvidence,
  extra: Partial<RecipientCommand> = {},
): RecipientCommand {
  return { type: 'RecordBounce', address: ADDRESS, occurredAt, smtp, source: 'mta', ...extra } as RecipientCommand;
}

export function softBounce(occurredAt: string): RecipientCommand {
  return bounce(occurredAt, MAILBOX_FULL);
}

export function hardBounce(occurredAt: string): RecipientCommand {
  return bounce(occurredAt, MAILBOX_UNKNOWN);
}

export function delivery(occurredAt: string, messageId?: string): RecipientCommand {
  return { type: 'RecordDelivery', address: ADDRESS, occurredAt, source: 'mta', messageId };
}

export function correction(by = 'support@company.test', note?: string): RecipientCommand {
  return { type: 'RecordCorrection', address: ADDRESS, by, note };
}

export function manualSuppression(by = 'support@company.test', note?: string): RecipientCommand {
  return { type: 'SuppressManually', address: ADDRESS, by, note, cause: 'manual' };
}

export function revert(restorationId: string, by = 'support@company.test'): RecipientCommand {
  return { type: 'RevertRestoration', address: ADDRESS, restorationId, by };
}
