import type { BounceKind, IngestFact, IngestRequest } from './ingest-facts';
import { batchRequest, bounce, delivery, singleRequest } from './ingest-facts';
import type { SeededRandom } from './seeded-random';

export interface IngestTrafficOptions {
  random: SeededRandom;
  recipients: number;
  /** The first `hotRecipients` addresses get `hotShare` of all facts, so their streams see concurrent writers. */
  hotRecipients: number;
  hotShare: number;
  /** Share of requests that go through the batch endpoint, each with up to `maxBatch` facts. */
  batchShare: number;
  maxBatch: number;
  /** Facts occurred up to this long before the service's clock, so they fall inside and outside the soft window. */
  maxAgeMs: number;
  now: () => number;
}

const BOUNCE_KINDS: readonly BounceKind[] = ['soft', 'soft', 'soft', 'soft', 'hard', 'senderSide'];
const SOURCES = ['ses', 'sendgrid', 'mta'] as const;

/**
 * Mixed webhook traffic over many recipients, some hot: soft, hard and sender-side bounces and deliveries, mostly
 * with derived ids (no caller eventId) and some with the caller's own. Every fact is new: a resend is the same object.
 */
export class IngestTraffic {
  private sequence = 0;

  constructor(private readonly options: IngestTrafficOptions) {}

  request(): IngestRequest {
    const { random, batchShare, maxBatch } = this.options;
    if (random.chance(batchShare)) {
      return batchRequest(Array.from({ length: random.between(2, maxBatch) }, () => this.fact()));
    }
    return singleRequest(this.fact());
  }

  fact(): IngestFact {
    const { random, recipients, hotRecipients, hotShare, maxAgeMs, now } = this.options;
    const n = ++this.sequence;
    const recipient = random.chance(hotShare)
      ? random.between(0, hotRecipients - 1)
      : random.between(0, recipients - 1);
    const fields = {
      address: `recipient-${recipient}@load.example.com`,
      occurredAt: new Date(now() - random.between(1_000, maxAgeMs)).toISOString(),
      messageId: `m-${random.seed}-${n}`,
      source: random.pick(SOURCES),
      ...(random.chance(0.1) ? { eventId: `evt-${random.seed}-${n}` } : {}),
    };
    return random.chance(0.35) ? delivery(fields) : bounce(random.pick(BOUNCE_KINDS), fields);
  }
}
