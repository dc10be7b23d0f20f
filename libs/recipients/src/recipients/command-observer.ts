import type { Decision } from '@app/domain';

/** What the command loop reports about each command; the API counts it in its metrics, other callers ignore it. */
export interface CommandObserver {
  /** Called as a command starts; the returned function is called when it has been answered or has failed. */
  startTimer(type: string): () => void;
  recordOutcome(type: string, decision: Decision): void;
  recordFailure(type: string): void;
}

export const IGNORE_COMMANDS: CommandObserver = {
  startTimer: () => () => undefined,
  recordOutcome: () => undefined,
  recordFailure: () => undefined,
};
