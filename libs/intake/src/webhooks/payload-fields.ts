import type { SmtpEvidence } from '@app/domain';
import type { IntakeIgnored, IntakeInvalid } from '../intake-command';

/**
 * Readers for provider payloads, which are JSON of any shape. Values that would not pass the service's own input
 * rules (the limits of `POST /v1/bounces`) are dropped or cut here, so one odd field never turns a whole event away.
 */

export type JsonObject = Record<string, unknown>;

export const MAX_DIAGNOSTIC_LENGTH = 4000;
export const MAX_VERDICT_LABEL_LENGTH = 100;
export const MAX_MESSAGE_ID_LENGTH = 998;
export const MAX_EVIDENCE_LENGTH = 1000;

const ENHANCED_STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field with something in it, trimmed; numbers count too, since providers mix the two for ids. */
export function textField(record: JsonObject, key: string): string | undefined {
  const value = record[key];
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

export function objectField(record: JsonObject, key: string): JsonObject | undefined {
  const value = record[key];
  return isJsonObject(value) ? value : undefined;
}

export function bounded(text: string | undefined, max: number): string | undefined {
  return text === undefined ? undefined : text.slice(0, max);
}

export function enhancedStatus(value: string | undefined): string | undefined {
  return value !== undefined && ENHANCED_STATUS.test(value) ? value : undefined;
}

/** The SMTP evidence a provider reported, or nothing when it reported none. */
export function smtpEvidence(parts: {
  replyCode?: unknown;
  enhancedStatus?: string;
  diagnostic?: string;
}): SmtpEvidence | undefined {
  const replyCode =
    typeof parts.replyCode === 'number' &&
    Number.isInteger(parts.replyCode) &&
    parts.replyCode >= 200 &&
    parts.replyCode <= 599
      ? parts.replyCode
      : undefined;
  const evidence: SmtpEvidence = {};
  if (replyCode !== undefined) {
    evidence.replyCode = replyCode;
  }
  const status = enhancedStatus(parts.enhancedStatus);
  if (status !== undefined) {
    evidence.enhancedStatus = status;
  }
  const diagnostic = bounded(parts.diagnostic, MAX_DIAGNOSTIC_LENGTH);
  if (diagnostic !== undefined && diagnostic !== '') {
    evidence.diagnostic = diagnostic;
  }
  return Object.keys(evidence).length === 0 ? undefined : evidence;
}

/** `Bounced Address` → `bounced_address`: provider labels as stable, countable reasons. */
export function reasonSlug(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'unspecified'
  );
}

export function invalid(field: string, message: string): IntakeInvalid {
  return { kind: 'invalid', field, message };
}

export function ignored(reason: string, address?: string): IntakeIgnored {
  return address === undefined ? { kind: 'ignored', reason } : { kind: 'ignored', reason, address };
}

/** Drops keys whose value is undefined, so outcomes compare and serialise without noise. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
