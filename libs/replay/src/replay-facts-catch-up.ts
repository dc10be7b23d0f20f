import {
  classificationCode,
  classifyBounce,
  encodeReplayFact,
  fromStoredEvent,
  isFact,
  isRecipientEventType,
  REPLAY_KIND,
  restorationIdOf,
} from '@app/domain';
import type { JsonObject, LogRow, SqliteConnection } from '@app/event-store';
import { openSqliteLogReader, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import {
  CLEAR_PROJECTION,
  INTS_PER_EVENT,
  openReplayFacts,
  PARTITIONS,
  readCheckpoint,
  readMeta,
  replayFactsPath,
  writeMeta,
} from './replay-facts-file';

/** Events read from the log per transaction: short enough to let appends, requests and other replays in between. */
const BATCH_EVENTS = 8192;

/** The projection, caught up with the log up to `checkpoint`. */
export interface ReplayFacts {
  path: string;
  checkpoint: number;
}

/**
 * Brings the store's replay projection up to the end of the log from its own checkpoint, reading the log in order:
 * a simulation pays only for the events appended since the last one, and the append path stays untouched. Several
 * processes may catch up at once: each batch is written in one transaction that first re-reads the checkpoint.
 * The event loop turns between batches.
 */
export async function catchUpReplayFacts(storePath: string, signal?: AbortSignal): Promise<ReplayFacts> {
  const path = replayFactsPath(storePath);
  const log = openSqliteLogReader(storePath);
  const facts = openReplayFacts(path);
  try {
    const last = log.lastPosition();
    const origin = log.firstEventId();
    facts
      .transaction(() => {
        // Another log at the same path (restored, regenerated): what was projected is not this log's.
        if (readMeta(facts, 'origin') !== origin || readCheckpoint(facts) > log.lastPosition()) {
          facts.exec(CLEAR_PROJECTION);
          writeMeta(facts, 'origin', origin);
          writeMeta(facts, 'checkpoint', '0');
        }
      })
      .immediate();
    let writer: ProjectionWriter | undefined;
    let checkpoint = readCheckpoint(facts);
    while (checkpoint < last && signal?.aborted !== true) {
      checkpoint = facts
        .transaction(() => {
          const from = readCheckpoint(facts);
          if (writer === undefined || writer.checkpoint !== from) {
            writer = new ProjectionWriter(facts, from);
          }
          const rows = log.after(from, BATCH_EVENTS);
          for (const row of rows) {
            writer.add(row);
          }
          writer.flush(rows.length === 0 ? last : rows[rows.length - 1]!.position);
          return writer.checkpoint;
        })
        .immediate();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { path, checkpoint };
  } finally {
    facts.close();
    log.close();
  }
}

/** Encodes log rows into per-partition records and writes them, with new streams and evidence, as chunks. */
class ProjectionWriter {
  private readonly streams = new Map<string, number>();
  private readonly evidence = new Map<string, number>();
  private readonly sequences: number[] = new Array<number>(PARTITIONS).fill(0);
  private readonly ints: number[][] = Array.from({ length: PARTITIONS }, () => []);
  private readonly times: number[][] = Array.from({ length: PARTITIONS }, () => []);
  /** Restorations by stream ordinal and id: the revision of the fact that restored. */
  private readonly restorations = new Map<string, number>();
  /** The last fact of each stream met by this writer: the one a restoration right after it was decided at. */
  private readonly lastFacts = new Map<number, { eventId: string; revision: number }>();
  private readonly insertStream;
  private readonly insertEvidence;
  private readonly insertRestoration;
  private readonly insertChunk;

  constructor(
    private readonly db: SqliteConnection,
    public checkpoint: number,
  ) {
    for (const [streamId, ordinal] of db
      .prepare('SELECT stream_id, ordinal FROM replay_streams')
      .raw(true)
      .iterate() as Iterable<[string, number]>) {
      this.streams.set(streamId, ordinal);
    }
    for (const [text, ordinal] of db
      .prepare('SELECT evidence, ordinal FROM replay_evidence')
      .raw(true)
      .iterate() as Iterable<[string, number]>) {
      this.evidence.set(text, ordinal);
    }
    for (const [partition, sequence] of db
      .prepare('SELECT partition, max(sequence) FROM replay_chunks GROUP BY partition')
      .raw(true)
      .iterate() as Iterable<[number, number]>) {
      this.sequences[partition] = sequence + 1;
    }
    for (const [key, revision] of db
      .prepare('SELECT restoration_id, trigger_revision FROM replay_restorations')
      .raw(true)
      .iterate() as Iterable<[string, number]>) {
      this.restorations.set(key, revision);
    }
    this.insertRestoration = db.prepare(
      'INSERT OR REPLACE INTO replay_restorations (restoration_id, trigger_revision) VALUES (?, ?)',
    );
    this.insertStream = db.prepare('INSERT INTO replay_streams (ordinal, stream_id) VALUES (?, ?)');
    this.insertEvidence = db.prepare('INSERT INTO replay_evidence (ordinal, evidence, base_class) VALUES (?, ?, ?)');
    this.insertChunk = db.prepare(
      'INSERT INTO replay_chunks (partition, sequence, events, up_to, ints, times) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  add({ streamId, revision, eventId, type, data, metadata, recordedAt }: LogRow): void {
    if (!streamId.startsWith(RECIPIENT_STREAM_PREFIX)) {
      return;
    }
    const ordinal = this.streamOrdinal(streamId);
    const partition = ordinal % PARTITIONS;
    let kind: number = REPLAY_KIND.unknown;
    let code = 0;
    let reference = 0;
    let at = 0;
    let recorded = 0;
    if (isRecipientEventType(type)) {
      const event = fromStoredEvent(
        {
          eventId,
          type,
          data: JSON.parse(data) as JsonObject,
          metadata: metadata === null ? {} : (JSON.parse(metadata) as JsonObject),
        },
        recordedAt,
      );
      const encoded = encodeReplayFact(event);
      ({ kind, code, at, recordedAt: recorded } = encoded);
      if (encoded.evidence !== undefined) {
        reference = this.evidenceOrdinal(JSON.stringify(encoded.evidence), encoded.evidence);
      }
      if (isFact(event)) {
        this.lastFacts.set(ordinal, { eventId, revision });
      }
      if (encoded.restoration !== undefined) {
        const trigger = this.restorationTrigger(ordinal, encoded.restoration);
        if (trigger === undefined) {
          kind = REPLAY_KIND.complex;
        } else {
          reference = trigger;
        }
      }
    }
    this.ints[partition]!.push(ordinal, kind | (code << 8), reference);
    this.times[partition]!.push(at, recorded);
  }

  /** Writes what was added as one chunk per partition and moves the checkpoint to `position`. */
  flush(position: number): void {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const ints = this.ints[partition]!;
      if (ints.length === 0) {
        continue;
      }
      const times = this.times[partition]!;
      this.insertChunk.run(
        partition,
        this.sequences[partition]!++,
        ints.length / INTS_PER_EVENT,
        position,
        Buffer.from(Int32Array.from(ints).buffer),
        Buffer.from(Float64Array.from(times).buffer),
      );
      this.ints[partition] = [];
      this.times[partition] = [];
    }
    this.checkpoint = position;
    writeMeta(this.db, 'checkpoint', String(position));
  }

  /**
   * The revision of the fact a restoration was decided at, or that a revert's restoration was; undefined when this
   * writer cannot tell (the fact came before it started, or the ids do not follow the decider's), and the recipient
   * is then replayed from the log.
   */
  private restorationTrigger(ordinal: number, { id, trigger }: { id: string; trigger?: string }): number | undefined {
    const key = `${ordinal}:${id}`;
    if (trigger === undefined) {
      return this.restorations.get(key);
    }
    const last = this.lastFacts.get(ordinal);
    if (last === undefined || last.eventId !== trigger || restorationIdOf(trigger) !== id) {
      return undefined;
    }
    this.restorations.set(key, last.revision);
    this.insertRestoration.run(key, last.revision);
    return last.revision;
  }

  private streamOrdinal(streamId: string): number {
    let ordinal = this.streams.get(streamId);
    if (ordinal === undefined) {
      ordinal = this.streams.size;
      this.streams.set(streamId, ordinal);
      this.insertStream.run(ordinal, streamId);
    }
    return ordinal;
  }

  /** Each distinct evidence is classified once, without overrides: what a candidate without overrides reads. */
  private evidenceOrdinal(text: string, evidence: Parameters<typeof classifyBounce>[0]): number {
    let ordinal = this.evidence.get(text);
    if (ordinal === undefined) {
      ordinal = this.evidence.size;
      this.evidence.set(text, ordinal);
      this.insertEvidence.run(ordinal, text, classificationCode(classifyBounce(evidence)));
    }
    return ordinal;
  }
}
