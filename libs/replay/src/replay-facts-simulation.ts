import type { RecipientEvent } from '@app/domain';
import { RECIPIENT_STATUSES, REPLAY_KIND, ReplayFactFold } from '@app/domain';
import type { ScannedStream, SqliteConnection, SqliteLogReader } from '@app/event-store';
import { openSqliteLogReader } from '@app/event-store';
import { EvidenceClassifier } from './evidence-classifier';
import { factLookup, RecipientReplay } from './recipient-replay';
import type { ReplaySides } from './recipient-replay';
import type { ReplayFacts } from './replay-facts-catch-up';
import { ReplayClassifications } from './replay-classifications';
import {
  INTS_PER_EVENT,
  openReplayFactsReadOnly,
  PARTITIONS,
  readPartition,
  TIMES_PER_EVENT,
} from './replay-facts-file';
import type { SliceProgress } from './scanned-streams';
import { decodeScannedEvent } from './scanned-streams';
import type { SimulationCollector } from './simulation-collector';

const KIND_MASK = 0xff;
/** Recipients folded between checks of the stop request and turns of the event loop. */
const RECIPIENTS_PER_SLICE = 16_384;

export interface ReplayFactsSimulationInput {
  /** The store's file, read again for the recipients the projection cannot explain alone. */
  storePath: string;
  facts: ReplayFacts;
  /** The projection's partitions to replay (all of them on one thread; a share of them on each worker). */
  partitions: readonly number[];
  sides: ReplaySides;
  collector: SimulationCollector;
  onProgress?: (delta: SliceProgress) => void;
  /** Asked between slices; true stops the run. */
  stopRequested: () => boolean;
}

/** The partitions a worker replays: every `count`-th, from its index. */
export function partitionsOf(shard: { index: number; count: number }): number[] {
  return Array.from({ length: PARTITIONS }, (_, partition) => partition).filter(
    (partition) => partition % shard.count === shard.index,
  );
}

/**
 * Replays the projection partition by partition: a partition's events are grouped by recipient (a counting sort that
 * keeps log order) and each recipient is folded by the domain's `ReplayFactFold`. An unchanged recipient is only
 * counted; a changed one (to be explained with its evidence) and one the fold cannot replay alone are read from the
 * log, up to the projection's checkpoint, and replayed by the domain's full rules, as a stream scan would: the
 * explanation quotes what only the log holds (event ids, codes, reasons, the decisions' own explanations). Their
 * bounces take the candidate's classification by the evidence ordinal of their records, made once per evidence.
 */
export async function simulateOverReplayFacts(input: ReplayFactsSimulationInput): Promise<{ complete: boolean }> {
  const { facts, sides, collector, partitions, onProgress, stopRequested } = input;
  const db = openReplayFactsReadOnly(facts.path);
  const log = openSqliteLogReader(input.storePath);
  try {
    const classifications = new ReplayClassifications(db, sides.candidate);
    const fold = new ReplayFactFold(sides.candidate);
    const fromLog = new LogStreams(db, log, facts.checkpoint);
    const evidence = new EvidenceClassifier(sides.candidate);
    for (const partition of partitions) {
      const { events, ints, times } = readPartition(db, partition, facts.checkpoint);
      const order = groupByRecipient(ints, events);
      const progress: SliceProgress = { events, recipients: 0, skipped: 0 };
      /** Where each recipient to explain starts in `order`, and its event count. */
      const explain: number[] = [];
      let folded = 0;
      for (let start = 0; start < events;) {
        const ordinal = ints[order[start]! * INTS_PER_EVENT]!;
        fold.reset();
        let end = start;
        for (; end < events; end++) {
          const record = order[end]!;
          if (ints[record * INTS_PER_EVENT] !== ordinal) {
            break;
          }
          const kindAndCode = ints[record * INTS_PER_EVENT + 1]!;
          const kind = kindAndCode & KIND_MASK;
          const reference = ints[record * INTS_PER_EVENT + 2]!;
          if (kind === REPLAY_KIND.unknown) {
            progress.skipped++;
          }
          const candidateClass = kind === REPLAY_KIND.bounce ? classifications.of(reference) : 0;
          fold.add(
            kind,
            kindAndCode >>> 8,
            candidateClass,
            times[record * TIMES_PER_EVENT]!,
            times[record * TIMES_PER_EVENT + 1]!,
            reference,
          );
        }
        const first = start;
        start = end;
        progress.recipients++;
        if (fold.events > 0) {
          if (fold.complex) {
            explain.push(first, end - first);
          } else {
            const comparison = fold.compare(sides.current, sides.now);
            if (comparison.changed) {
              explain.push(first, end - first);
            } else {
              collector.addUnchanged(
                RECIPIENT_STATUSES[comparison.current]!,
                RECIPIENT_STATUSES[comparison.candidate]!,
                fold.events,
              );
            }
          }
        }
        if (++folded % RECIPIENTS_PER_SLICE === 0) {
          if (stopRequested()) {
            return { complete: false };
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      for (let index = 0; index < explain.length; index += 2) {
        const first = explain[index]!;
        const records = order.subarray(first, first + explain[index + 1]!);
        const { streamId, events: stored } = fromLog.read(ints[records[0]! * INTS_PER_EVENT]!);
        // The projection holds every event of the stream up to its checkpoint, in stream order: the n-th record is
        // the n-th stored event, and a bounce's record names its evidence.
        const paired = stored.length === records.length;
        const replay = new RecipientReplay(sides);
        const decoded: RecipientEvent[] = [];
        stored.forEach((scanned, position) => {
          const event = decodeScannedEvent(scanned);
          if (event === undefined) {
            return;
          }
          decoded.push(event);
          const record = paired ? records[position]! * INTS_PER_EVENT : -1;
          const classified =
            record >= 0 && event.type === 'BounceReceived' && (ints[record + 1]! & KIND_MASK) === REPLAY_KIND.bounce
              ? evidence.classify(ints[record + 2]!, event)
              : undefined;
          replay.add(event, scanned.revision, classified);
        });
        collector.add(streamId, replay, factLookup(decoded));
      }
      onProgress?.(progress);
      if (stopRequested()) {
        return { complete: false };
      }
    }
    return { complete: true };
  } finally {
    log.close();
    db.close();
  }
}

/** Record indices ordered by recipient ordinal, each recipient's in log order (a stable counting sort). */
function groupByRecipient(ints: Int32Array, events: number): Int32Array {
  let highest = 0;
  for (let record = 0; record < events; record++) {
    highest = Math.max(highest, ints[record * INTS_PER_EVENT]!);
  }
  const slots = Math.floor(highest / PARTITIONS) + 2;
  const starts = new Int32Array(slots);
  for (let record = 0; record < events; record++) {
    starts[Math.floor(ints[record * INTS_PER_EVENT]! / PARTITIONS) + 1]!++;
  }
  for (let slot = 1; slot < slots; slot++) {
    starts[slot]! += starts[slot - 1]!;
  }
  const order = new Int32Array(events);
  for (let record = 0; record < events; record++) {
    order[starts[Math.floor(ints[record * INTS_PER_EVENT]! / PARTITIONS)]!++] = record;
  }
  return order;
}

/** Whole streams read from the log by recipient ordinal, as far as the projection has read it. */
class LogStreams {
  private readonly streamIdOf;

  constructor(
    db: SqliteConnection,
    private readonly log: SqliteLogReader,
    private readonly checkpoint: number,
  ) {
    this.streamIdOf = db.prepare('SELECT stream_id FROM replay_streams WHERE ordinal = ?').pluck();
  }

  read(ordinal: number): ScannedStream {
    const streamId = this.streamIdOf.get(ordinal) as string;
    return { streamId, events: this.log.streamUpTo(streamId, this.checkpoint) };
  }
}
