import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy, RecipientEvent } from '@app/domain';
import { defaultPolicy, toStoredEvent } from '@app/domain';
import type { BulkEvent } from '@app/event-store';
import { openSqliteBulkLoader, recipientStreamId } from '@app/event-store';
import { EMBEDDED_DATABASE_FILE, resolveAddressHashKey } from '@app/recipients';
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
 * the decisions are the ones the service would have recorded, then bulk loaded in large transactions (the append
 * path's per-append checks would make millions of events take hours).
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
  const loader = await openSqliteBulkLoader(path);
  try {
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
      loader.write(rows);
      written += rows.length;
      options.onProgress?.(written, options.events);
    }
    return { path, recipients: options.recipients, events: written, elapsedMs: performance.now() - started };
  } finally {
    loader.close();
  }
}

interface Row extends BulkEvent {
  at: number;
  seq: number;
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
    data: stored.data,
    metadata: stored.metadata,
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
