import type { components } from '@recipient-state/client';

/**
 * The API's response shapes the console reads: the typed client's types, generated from the service's OpenAPI
 * document, so a change to the contract is a type error here rather than a silent drift. Type-only: the console still
 * reaches the service over HTTP with its own fetch wrapper.
 */
type Schemas = components['schemas'];

export type RecipientStatus = Schemas['RecipientState']['status'];
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'deliverable',
  'soft_bouncing',
  'quarantined',
  'suppressed',
];

export type Suppression = Schemas['Suppression'];
export type Standing = Schemas['Standing'];
export type RecipientState = Schemas['RecipientState'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type RecipientHistory = Schemas['RecipientHistory'];
export type Restoration = Schemas['Restoration'];
export type PolicyDocument = Schemas['PolicyDocument'];
export type RecipientChange = Schemas['RecipientChange'];
export type SimulationReport = Schemas['SimulationResponse'];
export type TransitionMatrix = SimulationReport['matrix'];

/** What a status answer says, whichever route gave it: a check, a recipient, either side of a simulated change. */
export type StatusView = Pick<Suppression, 'status' | 'suppressed' | 'restored' | 'reason' | 'since' | 'until'> & {
  cause?: string;
};

/** One page of a list route (suppressions, restorations). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}
