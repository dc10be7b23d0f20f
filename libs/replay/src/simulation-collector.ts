import type { Policy, RecipientComparison, RecipientStatus, SimulationTotals } from '@app/domain';
import { SimulationTally } from '@app/domain';
import type { FactLookup, RecipientReplay } from './recipient-replay';
import { describeChange } from './describe-change';
import type { RecipientChange, TransitionMatrix } from './simulation-report';
import { addMatrix, emptyMatrix } from './simulation-report';

/** What one thread collected, in a form that crosses `postMessage`. */
export interface CollectorSnapshot {
  totals: SimulationTotals;
  matrix: TransitionMatrix;
  examples: RecipientChange[];
  skipped: number;
}

/**
 * Running totals of a simulation (the domain's SimulationTally), the full status matrix and one explained example
 * per kind of change. Changed recipients go to `onChange` as they are found; nothing else per recipient is kept.
 */
export class SimulationCollector {
  readonly tally = new SimulationTally();
  readonly matrix = emptyMatrix();
  readonly examples = new Map<string, RecipientChange>();
  skipped = 0;

  constructor(
    private readonly policies: { current: Policy; candidate: Policy },
    private readonly onChange?: (change: RecipientChange) => void,
  ) {}

  add(
    streamId: string,
    replay: RecipientReplay,
    lookup: FactLookup,
    comparison: RecipientComparison = replay.compare(),
  ): void {
    if (replay.events === 0) {
      return;
    }
    this.tally.add(comparison, replay.events);
    this.matrix[comparison.current.status][comparison.candidate.status]++;
    if (!comparison.changed) {
      return;
    }
    const change = describeChange(streamId, replay, comparison, this.policies, lookup);
    this.keepExample(change);
    this.onChange?.(change);
  }

  /** Counts a recipient whose answer the candidate does not change (no explanation is needed for it). */
  addUnchanged(current: RecipientStatus, candidate: RecipientStatus, events: number): void {
    const { totals } = this.tally;
    totals.recipients++;
    totals.events += events;
    totals.current[current]++;
    totals.candidate[candidate]++;
    this.matrix[current][candidate]++;
  }

  snapshot(): CollectorSnapshot {
    return {
      totals: this.tally.totals,
      matrix: this.matrix,
      examples: [...this.examples.values()],
      skipped: this.skipped,
    };
  }

  /** Adds another thread's snapshot. */
  merge(snapshot: CollectorSnapshot): void {
    const other = new SimulationTally();
    Object.assign(other.totals, snapshot.totals);
    this.tally.merge(other);
    addMatrix(this.matrix, snapshot.matrix);
    snapshot.examples.forEach((example) => this.keepExample(example));
    this.skipped += snapshot.skipped;
  }

  /**
   * The example of a kind is the changed recipient with the first stream name: the same whatever order the streams
   * were read in, on however many threads.
   */
  private keepExample(change: RecipientChange): void {
    const held = this.examples.get(change.kind);
    if (held === undefined || change.streamId < held.streamId) {
      this.examples.set(change.kind, change);
    }
  }

  /** Examples ordered by how often their kind occurs, most frequent first. */
  rankedExamples(): RecipientChange[] {
    const { transitions } = this.tally.totals;
    return [...this.examples.values()].sort(
      (a, b) => (transitions[b.kind] ?? 0) - (transitions[a.kind] ?? 0) || a.kind.localeCompare(b.kind),
    );
  }
}
