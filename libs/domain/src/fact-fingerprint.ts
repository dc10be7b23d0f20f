import { createHash } from 'node:crypto';
import type { FactEvent, SuppressionRequested } from './events';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

/**
 * What makes two deliveries of a fact "the same": its data, minus what the service derived (the classification)
 * and minus the time operators' commands default to when they give none.
 */
export function factFingerprint(fact: FactEvent): string {
  const { data } = fact;
  let significant: object = data;
  switch (fact.type) {
    case 'BounceReceived': {
      const { classification: _derived, ...rest } = fact.data;
      significant = rest;
      break;
    }
    case 'AddressCorrected':
    case 'SuppressionRequested':
    case 'RestorationReverted': {
      const { occurredAt: _defaulted, ...rest } = fact.data;
      significant = rest;
      break;
    }
    case 'DeliverySucceeded':
    case 'ComplaintReceived':
    case 'UnsubscribeReceived':
      break;
    default: {
      const unknown: never = fact;
      return unknown;
    }
  }
  return createHash('sha1')
    .update(`${fact.type}|${canonicalJson(significant)}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The derived id of a suppression asked for without a time (an operator's request, which defaults to now): its
 * payload and how many restorations the recipient has had. Repeating the request is then the same event, answered as
 * a duplicate, while asking again after a restoration lifted the suppression is a new one.
 */
export function timelessSuppressionEventId(
  request: Omit<SuppressionRequested['data'], 'occurredAt'>,
  restorationsSoFar: number,
): string {
  return uuidV5(`SuppressionRequested|${restorationsSoFar}|${canonicalJson(request)}`, RECIPIENT_STATE_NAMESPACE);
}

/** JSON with object keys sorted, so that key order never makes two equal payloads differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
