import type { PolicyDocument, RecipientEvent } from '@app/domain';
import { parsePolicy, toStoredEvent } from '@app/domain';
import type { BulkEvent } from '@app/event-store';
import { recipientStreamId } from '@app/event-store';
import { familyOf } from './bounce-evidence';
import { Random } from './random';
import type { RecipientPlan } from './recipient-history';
import { generateRecipient, SOURCES } from './recipient-history';
import { PROFILES } from './recipient-profiles';

const DOMAINS = [
  { name: 'gmail.com', weight: 30 },
  { name: 'outlook.com', weight: 10 },
  { name: 'hotmail.com', weight: 8 },
  { name: 'yahoo.com', weight: 8 },
  { name: 'aol.com', weight: 3 },
  { name: 'icloud.com', weight: 5 },
  { name: 'corporate', weight: 36 },
];
/** Spreads the blocks' seeds apart (the golden ratio's fraction of 2^32); block 0 keeps the history's seed. */
const BLOCK_SEED_STEP = 0x9e3779b9;

/**
 * One block of recipients of a generated history: which recipients, the events it aims at, and everything the
 * recipients are generated with. A block depends on nothing but this, so blocks can be generated on any thread in
 * any order and the history stays the same.
 */
export interface HistoryBlock {
  index: number;
  /** The first recipient's index and how many recipients the block holds. */
  first: number;
  count: number;
  /** Stored events the block aims at. */
  events: number;
  seed: number;
  messageTokens: number;
  /** The policy the decider records under, as a document (a block crosses to worker threads). */
  policy: PolicyDocument;
  end: number;
  span: number;
  /** The address hash key stream ids are derived with. */
  key: string;
}

/** A block's events as the bulk loader writes them, data and metadata already JSON text. */
export type BlockRows = BulkEvent[];

/** Generates a block's recipients, every fact decided by the real decider, then mixes their events in time order. */
export function generateBlock(block: HistoryBlock): BlockRows {
  const random = new Random((block.seed + block.index * BLOCK_SEED_STEP) >>> 0);
  const parsed = parsePolicy(block.policy);
  if (!parsed.ok) {
    throw new Error(`invalid policy: ${JSON.stringify(parsed.errors)}`);
  }
  const settings = { policy: parsed.policy, seed: block.seed, messageTokens: block.messageTokens };
  const rows: (BulkEvent & { at: number; seq: number })[] = [];
  let factsPlanned = 0;
  const last = block.first + block.count;
  for (let index = block.first; index < last; index++) {
    // Aim each recipient at the events still wanted, spread over the block's recipients still to come.
    const eventsPerFact = factsPlanned === 0 ? 1.1 : rows.length / factsPlanned;
    const mean = Math.max(1, (block.events - rows.length) / (last - index));
    const steps = Math.min(5000, Math.max(1, Math.round(random.exponential(mean / eventsPerFact))));
    factsPlanned += steps;
    const plan = planRecipient(index, steps, random, block);
    generateRecipient(plan, random, settings).forEach((event, revision) =>
      rows.push(toRow(plan.streamId, revision, event, rows.length)),
    );
  }
  // Streams interleave in the log as commands arrive; ties keep each stream's order.
  rows.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return rows.map(({ at: _at, seq: _seq, ...row }) => row);
}

function toRow(
  streamId: string,
  revision: number,
  event: RecipientEvent,
  seq: number,
): BulkEvent & { at: number; seq: number } {
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
  { end, span, key }: HistoryBlock,
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
