export { simulatePolicy } from './policy-simulation';
export { classifyReplayEvidence } from './replay-classifications';
export { catchUpReplayFacts } from './replay-facts-catch-up';
export type { ReplayFacts } from './replay-facts-catch-up';
export { replayFactsPath } from './replay-facts-file';
export { discardReplayFacts } from './replay-facts-erasure';
export type { SimulatePolicyOptions, SimulationProgress } from './policy-simulation';
export { reevaluateRecipients } from './reevaluate-recipients';
export type { AdoptionOutcome, ReevaluateOptions } from './reevaluate-recipients';
export { decodeScannedEvent } from './scanned-streams';
export type {
  EvidenceItem,
  RecipientChange,
  SimulationPath,
  SimulationReport,
  TransitionMatrix,
} from './simulation-report';
