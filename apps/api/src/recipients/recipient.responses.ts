import type { ActiveRestoration, BounceClass, RecipientStatus, Standing, StatusView } from '@app/domain';
import type { AllowlistNote } from './allowlist-note';

export interface RecipientStateResponse extends StatusView {
  address: string;
  standing: Standing;
  /** The soft bounces that count now under the policy in force, oldest first. */
  run: { eventId: string; occurredAt: string; class: Exclude<BounceClass, 'hard'>; reason: string }[];
  lastDelivery: { eventId: string | null; occurredAt: string } | null;
  restoration: ActiveRestoration | null;
  policyVersion: string;
  streamRevision: number;
  /** Present when checks answer deliverable only because the address is allowlisted. */
  allowlisted?: AllowlistNote;
}

export interface HistoryEntry {
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  occurredAt?: string;
  statusBefore: RecipientStatus;
  statusAfter: RecipientStatus;
  explanation: string;
  data: Record<string, unknown>;
  /** The API token the command came with; absent for the CLI, webhooks and events recorded before tokens. */
  actor?: { tokenId: string; name: string; owner: string };
}

export interface RecipientHistoryResponse {
  address: string;
  events: HistoryEntry[];
  /** Present when the allowlist withholds from checks what a decision of this history answered. */
  allowlisted?: AllowlistNote;
}
