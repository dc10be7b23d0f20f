import { compact } from './compact';
import type { FieldGroup } from './field-groups';
import { firstField, readFieldGroups, withoutComments, withoutType } from './field-groups';
import { readAddress } from './mail-address';
import { toRfc3339 } from './mail-date';
import type { MailRecipient, MailRecipientKind } from './mail-report';
import type { NoticeContext } from './notice-context';
import { occurredAt } from './notice-context';
import { readReplyCodes, readStatusField } from './smtp-reply';

/** RFC 3464 reports, and their internationalised form (RFC 6533), which may carry UTF-8 addresses and text. */
export const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

const KIND_BY_ACTION: Readonly<Record<string, MailRecipientKind>> = {
  failed: 'bounce',
  delayed: 'delay',
  delivered: 'delivery',
  relayed: 'delivery',
  expanded: 'delivery',
};
const KIND_BY_STATUS_CLASS: Readonly<Record<string, MailRecipientKind>> = { '2': 'delivery', '4': 'delay' };

/**
 * One entry per per-recipient group, in the report's order. A group without a usable address takes the VERP
 * address; a group with neither is left out, since it cannot be tied to anyone.
 */
export function readDeliveryStatus(content: string, context: NoticeContext): MailRecipient[] {
  const groups = readFieldGroups(content);
  const perMessage = groups[0] !== undefined && !isRecipientGroup(groups[0]) ? groups[0] : new Map<string, string[]>();
  return groups
    .filter(isRecipientGroup)
    .map((group) => readRecipientGroup(group, perMessage, context))
    .filter((recipient): recipient is MailRecipient => recipient !== undefined);
}

function isRecipientGroup(group: FieldGroup): boolean {
  return group.has('final-recipient') || group.has('original-recipient') || group.has('action');
}

function readRecipientGroup(
  group: FieldGroup,
  perMessage: FieldGroup,
  context: NoticeContext,
): MailRecipient | undefined {
  const finalRecipient = readAddress(firstField(group, 'final-recipient'));
  const originalRecipient = readAddress(firstField(group, 'original-recipient'));
  const address = originalRecipient ?? finalRecipient ?? context.verpAddress;
  if (address === undefined) {
    return undefined;
  }
  const diagnosticCode = readDiagnosticCode(firstField(group, 'diagnostic-code'));
  const action = optionalField(group, 'action')?.toLowerCase();
  const status = readStatusField(optionalField(group, 'status')) ?? readReplyCodes(diagnosticCode?.text).enhancedStatus;
  return compact({
    address,
    kind: kindOf(action, status, diagnosticCode?.text),
    format: 'delivery-status' as const,
    status,
    diagnostic: diagnosticCode?.text,
    diagnosticType: diagnosticCode?.type,
    action,
    remoteMta: mtaName(firstField(group, 'remote-mta')),
    reportingMta: mtaName(firstField(perMessage, 'reporting-mta')),
    finalRecipient,
    originalRecipient,
    originalMessageId: context.originalMessageId,
    occurredAt: occurredAt(context, firstField(group, 'last-attempt-date'), firstField(perMessage, 'arrival-date')),
    willRetryUntil: toRfc3339(firstField(group, 'will-retry-until')),
    fromVerp: originalRecipient === undefined && finalRecipient === undefined ? true : undefined,
  });
}

// Action is required, but reports without one exist; the status class then says what happened.
function kindOf(
  action: string | undefined,
  status: string | undefined,
  diagnostic: string | undefined,
): MailRecipientKind {
  const byAction = action === undefined ? undefined : KIND_BY_ACTION[action];
  if (byAction !== undefined) {
    return byAction;
  }
  const code = status ?? readReplyCodes(diagnostic).replyCode?.toString();
  return KIND_BY_STATUS_CLASS[code?.charAt(0) ?? ''] ?? 'bounce';
}

/** `smtp; 550 5.1.1 …` → type `smtp`, text `550 5.1.1 …`; the type is kept apart so every diagnostic reads alike. */
function readDiagnosticCode(value: string | undefined): { type?: string; text: string } | undefined {
  if (value === undefined) {
    return undefined;
  }
  const typed = /^([\w.-]+)[ \t]*;[ \t]*([\s\S]*)$/.exec(value);
  const text = (typed === null ? value : typed[2]!).trim();
  if (text === '') {
    return undefined;
  }
  return typed === null ? { text } : { type: typed[1]!, text };
}

function optionalField(group: FieldGroup, name: string): string | undefined {
  const value = firstField(group, name);
  const bare = value === undefined ? '' : withoutComments(value);
  return bare === '' ? undefined : bare;
}

function mtaName(value: string | undefined): string | undefined {
  // A fully qualified DNS name may end in the root's dot ("mx.example.org."); it names the same host.
  const name = value === undefined ? '' : withoutType(withoutComments(value)).replace(/\.$/, '');
  return name === '' ? undefined : name;
}
