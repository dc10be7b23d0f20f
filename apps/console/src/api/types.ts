/** The API's response shapes the console reads (see DESIGN §5 and the api's controllers). */
export type RecipientStatus = 'deliverable' | 'soft_bouncing' | 'quarantined' | 'suppressed';
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'deliverable',
  'soft_bouncing',
  'quarantined',
  'suppressed',
];

export interface StatusView {
  status: RecipientStatus;
  suppressed: boolean;
  restored: boolean;
  cause?: string;
  reason?: string;
  since?: string;
  until?: string;
}

export interface Suppression extends StatusView {
  address: string;
}

export type Standing =
  | { kind: 'clear' }
  | { kind: 'quarantined'; until: string; since: string; evidence: string[]; policyVersion: string }
  | { kind: 'suppressed'; cause: string; reason: string; since: string; evidence: string[]; policyVersion: string };

export interface RecipientState extends StatusView {
  address: string;
  standing: Standing;
  run: { eventId: string; occurredAt: string; class: string; reason: string }[];
  lastDelivery: { eventId: string | null; occurredAt: string } | null;
  restoration: { restorationId: string; since: string; trigger: string; previous: Standing } | null;
  policyVersion: string;
  streamRevision: number;
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
}

export interface RecipientHistory {
  address: string;
  events: HistoryEntry[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Restoration {
  restorationId: string;
  address: string;
  trigger: string;
  previous: Standing;
  state: 'active' | 'reverted';
  restoredAt: string;
  endedAt: string | null;
  revertedBy: string | null;
  note: string | null;
}

export interface PolicyDocument {
  version: string;
  hardBounce: { action: string };
  softBounce: { limit: number; window: string; quarantineAt: number; quarantineFor: string };
  undetermined: string;
  restoreOnDelivery: boolean;
  deliveryHeartbeat: string;
  overrides: unknown[];
}

export interface RecipientChange {
  streamId: string;
  address: string;
  kind: string;
  current: StatusView;
  candidate: StatusView;
  evidence: { eventId: string; type: string; occurredAt: string; summary: string }[];
  explanation: string;
}

export type TransitionMatrix = Record<RecipientStatus, Record<RecipientStatus, number>>;

export interface SimulationReport {
  currentPolicy: string;
  candidatePolicy: string;
  now: string;
  totals: {
    recipients: number;
    events: number;
    changed: number;
    current: Record<RecipientStatus, number>;
    candidate: Record<RecipientStatus, number>;
    /** Changed recipients per kind of change, e.g. "quarantined -> suppressed". */
    transitions: Record<string, number>;
  };
  matrix: TransitionMatrix;
  examples: RecipientChange[];
  complete: boolean;
  elapsedMs: number;
  eventsPerSecond: number;
}
