import type { EvidenceKind } from './bounce-evidence';

/** What a planned step of a recipient's history is; bounces say which kind of evidence they carry. */
export type StepKind = 'delivery' | EvidenceKind | 'correction' | 'manual' | 'revert';

export interface RecipientProfile {
  name: string;
  weight: number;
  steps: readonly { kind: StepKind; weight: number }[];
  /** Soft bounces come in bursts, hours apart, the way a full mailbox or a sick server bounces. */
  burstiness: number;
}

/**
 * Kinds of recipient in a sending platform's history: most are fine and get mail regularly; some fill up, die,
 * sit behind receivers that throttle or block us, or pass through support's hands.
 */
export const PROFILES: readonly RecipientProfile[] = [
  {
    name: 'steady',
    weight: 55,
    burstiness: 0.2,
    steps: [
      { kind: 'delivery', weight: 85 },
      { kind: 'sender', weight: 10 },
      { kind: 'soft', weight: 4 },
      { kind: 'undetermined', weight: 1 },
    ],
  },
  {
    name: 'flaky',
    weight: 15,
    burstiness: 0.8,
    steps: [
      { kind: 'delivery', weight: 45 },
      { kind: 'soft', weight: 45 },
      { kind: 'sender', weight: 5 },
      { kind: 'undetermined', weight: 5 },
    ],
  },
  {
    name: 'dying',
    weight: 8,
    burstiness: 0.5,
    steps: [
      { kind: 'delivery', weight: 40 },
      { kind: 'hard', weight: 25 },
      { kind: 'soft', weight: 20 },
      { kind: 'correction', weight: 5 },
      { kind: 'sender', weight: 10 },
    ],
  },
  {
    name: 'throttled',
    weight: 12,
    burstiness: 0.3,
    steps: [
      { kind: 'delivery', weight: 50 },
      { kind: 'sender', weight: 45 },
      { kind: 'soft', weight: 5 },
    ],
  },
  {
    name: 'supported',
    weight: 5,
    burstiness: 0.6,
    steps: [
      { kind: 'delivery', weight: 40 },
      { kind: 'soft', weight: 25 },
      { kind: 'hard', weight: 10 },
      { kind: 'correction', weight: 10 },
      { kind: 'manual', weight: 5 },
      { kind: 'revert', weight: 10 },
    ],
  },
  {
    name: 'gray',
    weight: 5,
    burstiness: 0.6,
    steps: [
      { kind: 'delivery', weight: 40 },
      { kind: 'undetermined', weight: 35 },
      { kind: 'soft', weight: 20 },
      { kind: 'sender', weight: 5 },
    ],
  },
];
