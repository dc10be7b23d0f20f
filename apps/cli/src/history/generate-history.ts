import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Policy, RecipientEvent } from '@app/domain';
import { defaultPolicy, toStoredEvent } from '@app/domain';
import { createSqliteEventStore, lastGlobalPosition, recipientStreamId } from '@app/event-store';
import { resolveAddressHashKey } from '../../../api/src/config/address-hash-key';
import { EMBEDDED_DATABASE_FILE } from '../../../api/src/stores/open-stores';
import { familyOf } from './bounce-evidence';
import { Random } from './random';
import { PROFILES } from './recipient-profiles';
import type { RecipientPlan } from './recipient-history';
import { generateRecipient, SOURCES } from './recipient-history';

const DAY = 24 * 60 * 60 * 1000;
const DOMAINS = [
  { name: 'gmail.com', weight: 30 },
  { name: 'outlook.com', weight: 10 },
  { name: 'hotmail.com', weight: 8 },
  { name: 'yahoo.com', weight: 8 },
  { name: 'aol.com', weight: 3 },
  { name: 'icloud.com', weight: 5 },
  { name: 'corporate', weight: 36 },
];

export interface GenerateHistoryOptions {
  /** The DATA_DIR to write the embedded store into; it must not hold events yet. */
  dataDir: string;
  recipients: number;
  /** Stored events to aim for (facts and decisions); the result lands close to it. */
  events: number;
  seed?: number;
  /** The history ends here (default: now), so recent quarantines are still in force. */
  end?: number;
  spanDays?: number;
  /** Recipients whose events are mixed in time order before writing: the log interleaves streams like a real one. */
  interleave?: number;
  /** Distinct per-message tokens in replies that carry one; bounds how often replies repeat. */
  messageTokens?: number;
  policy?: Policy;
  onProgress?: (written: number, target: number) => void;
}

export interface GeneratedHistory {
  path: string;
  recipients: number;
  events: number;
  elapsedMs: number;
}

/**
 * Writes a synthetic history into the embedded store: every fact decided by the real decider under the policy, so
 * the decisions are the ones the service would have recorded, then written in large transactions straight into
 * the events table (the append path's per-append checks would make millions of events take hours).
 */
export async function generateHistory(options: GenerateHistoryOptions): Promise<GeneratedHistory> {
  const started = performance.now();
  const random = new Random(options.seed ?? 1);
  const settings = {
    policy: options.policy ?? defaultPolicy(),
    seed: options.seed ?? 1,
    messageTokens: options.messageTokens ?? 100_000,
  };
  const end = options.end ?? Date.now();
  const span = (options.spanDays ?? 120) * DAY;
  const block = options.interleave ?? 10_000;
  mkdirSync(options.dataDir, { recursive: true });
  const key = resolveAddressHashKey(undefined, options.dataDir);
  const path = join(options.dataDir, EMBEDDED_DATABASE_FILE);
  // The store creates the schema; the load itself runs on a connection of its own, which may leave WAL mode.
  await createSqliteEventStore({ path }).close();
  const db = new Database(path);
  try {
    if (lastGlobalPosition(db) > 0) {
      throw new Error(`${path} already holds events; generate into an empty DATA_DIR`);
    }
    // A generated history can be generated again: the journal stays in memory and nothing is synced while loading
    // (better-sqlite3's defensive mode refuses journal_mode OFF), and the page cache is big enough for the two unique
    // indexes, whose keys (hashes, UUIDs) land on random pages.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -2097152');
    const insert = db.prepare(
      `INSERT INTO events (stream_id, stream_revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const writeRows = db.transaction((rows: Row[]) => {
      for (const row of rows) {
        insert.run(row.streamId, row.revision, row.eventId, row.type, row.data, row.metadata, row.recordedAt);
      }
    });
    let written = 0;
    let factsPlanned = 0;
    for (let first = 0; first < options.recipients; first += block) {
      const rows: Row[] = [];
      for (let index = first; index < Math.min(first + block, options.recipients); index++) {
        // Aim each recipient at the events still wanted, spread over the recipients still to come.
        const eventsPerFact = factsPlanned === 0 ? 1.1 : (written + rows.length) / factsPlanned;
        const mean = Math.max(1, (options.events - written - rows.length) / (options.recipients - index));
        const steps = Math.min(5000, Math.max(1, Math.round(random.exponential(mean / eventsPerFact))));
        factsPlanned += steps;
        const plan = planRecipient(index, steps, random, end, span, key);
        const events = generateRecipient(plan, random, settings);
        events.forEach((event, revision) => rows.push(toRow(plan.streamId, revision, event, rows.length)));
      }
      // Streams interleave in the log as commands arrive; ties keep each stream's order.
      rows.sort((a, b) => a.at - b.at || a.seq - b.seq);
      writeRows(rows);
      written += rows.length;
      options.onProgress?.(written, options.events);
    }
    return { path, recipients: options.recipients, events: written, elapsedMs: performance.now() - started };
  } finally {
    db.pragma('journal_mode = WAL');
    db.close();
  }
}

interface Row {
  at: number;
  seq: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
}

function toRow(streamId: string, revision: number, event: RecipientEvent, seq: number): Row {
  const stored = toStoredEvent(event);
  return {
    at: Date.parse(event.recordedAt),
    seq,
    streamId,
    revision,
    eventId: stored.eventId,
    type: stored.type,
    data: JSON.stringify(stored.data),
    metadata: JSON.stringify(stored.metadata),
    recordedAt: event.recordedAt,
  };
}

function planRecipient(
  index: number,
  steps: number,
  random: Random,
  end: number,
  span: number,
  key: string,
): RecipientPlan & { streamId: string } {
  const picked = random.weighted(DOMAINS).name;
  const domain = picked === 'corporate' ? `corp${random.int(500)}.example` : picked;
  const address = `user${index.toString(36)}.${random.int(1e6).toString(36)}@${domain}`;
  return {
    index,
    address,
    streamId: recipientStreamId(address, key),
    family: familyOf(domain),
    profile: random.weighted(PROFILES),
    source: random.pick(SOURCES),
    steps,
    start: end - span * (0.1 + 0.9 * random.next()),
    end,
  };
}
