import type { AcknowledgementLedger } from './acknowledgement-ledger';
import type { IngestFact } from './ingest-facts';
import { bounce, delivery, singleRequest } from './ingest-facts';
import type { IngestOutcome } from './ingest-load';
import { runIngestLoad } from './ingest-load';
import type { SeededRandom } from './seeded-random';

const HOUR = 60 * 60 * 1000;

export interface SharedRecipientsPlan {
  recipients: number;
  /** Distinct soft bounces per recipient; a delivery falls in the middle of them, so arrival order matters. */
  softBounces: number;
  /** Every `hardEvery`-th recipient also gets a hard bounce. */
  hardEvery: number;
}

export const sharedAddress = (label: string, r: number): string => `r${r}@${label}.shared.example.com`;

/**
 * A few recipients that every replica writes to: soft bounces that cross the quarantine and suppression limits, a
 * delivery before them and one among them (which may restore, depending on what arrived first), and for some a hard
 * bounce. Every fact carries its own message id, so the log names which fact each event records.
 */
export function sharedRecipientFacts(label: string, plan: SharedRecipientsPlan, now: number): IngestFact[][] {
  return Array.from({ length: plan.recipients }, (_, r) => {
    const address = sharedAddress(label, r);
    const at = (offsetMs: number) => new Date(now - HOUR + offsetMs).toISOString();
    const facts: IngestFact[] = Array.from({ length: plan.softBounces }, (_, i) =>
      bounce('soft', { address, occurredAt: at(i * 1000), messageId: `${label}-r${r}-soft-${i}` }),
    );
    facts.push(delivery({ address, occurredAt: at(-HOUR / 2), messageId: `${label}-r${r}-delivered-before` }));
    facts.push(
      delivery({ address, occurredAt: at((plan.softBounces / 2) * 1000 + 500), messageId: `${label}-r${r}-delivered` }),
    );
    if (r % plan.hardEvery === 0) {
      facts.push(
        bounce('hard', { address, occurredAt: at(plan.softBounces * 1000), messageId: `${label}-r${r}-hard` }),
      );
    }
    return facts;
  });
}

/** A fact answered 201 by one replica: who answered, and the answer. */
export interface Acknowledged {
  replica: number;
  fact: IngestFact;
  body: { eventId: string; suppressed: boolean; status: string };
}

export interface ReplicaLoadOptions {
  random: SeededRandom;
  ledger: AcknowledgementLedger;
  /** Requests each replica has in flight at once. */
  workersPerReplica: number;
  /** Told of every 201 as it arrives, so a caller can read its own write at once. */
  onAcknowledged?(acknowledged: Acknowledged): void;
}

/**
 * Sends facts spread over replicas, each fact `copies` times to different replicas, in a seeded random order, with
 * `workersPerReplica` requests in flight per replica. A replica can be taken out (its unsent facts go to the others)
 * and put back; facts whose request got no answer (a kill cut it off) are sent again to a live replica, as a
 * webhook sender retries them, until each is answered.
 */
export class ReplicaLoad {
  private readonly queues: IngestFact[][];
  private readonly resend: IngestFact[] = [];
  private readonly running = new Map<number, { stop: AbortController; done: Promise<number> }>();
  private readonly live: Set<number>;
  requests = 0;
  cutOff = 0;

  constructor(
    private readonly urls: readonly string[],
    private readonly options: ReplicaLoadOptions,
  ) {
    this.queues = urls.map(() => []);
    this.live = new Set(urls.map((_, index) => index));
  }

  /** Queues each fact `copies` times, on distinct replicas chosen at random, then shuffles every queue. */
  add(facts: readonly IngestFact[], copies: number): void {
    const { random } = this.options;
    for (const fact of facts) {
      const first = random.between(0, this.urls.length - 1);
      for (let copy = 0; copy < Math.min(copies, this.urls.length); copy++) {
        this.queues[(first + copy) % this.urls.length]!.push(fact);
      }
    }
    this.queues.forEach((queue) => random.shuffle(queue));
  }

  /** Starts sending to every live replica that is not already being sent to. */
  start(): void {
    for (const replica of this.live) {
      if (!this.running.has(replica)) {
        this.sendTo(replica);
      }
    }
  }

  /** Stops sending to a replica (about to be killed); its queued facts go to the live ones. */
  takeOut(replica: number): Promise<number> {
    this.live.delete(replica);
    const others = [...this.live];
    const left = this.queues[replica]!.splice(0);
    left.forEach((fact, index) => this.queues[others[index % others.length]!]!.push(fact));
    const running = this.running.get(replica);
    running?.stop.abort();
    return running?.done ?? Promise.resolve(0);
  }

  /** Stops sending to every replica (the run is over, or failed); requests in flight run to their end. */
  async stop(): Promise<void> {
    this.live.clear();
    const running = [...this.running.values()];
    running.forEach(({ stop }) => stop.abort());
    await Promise.all(running.map(({ done }) => done));
  }

  putBack(replica: number): void {
    this.live.add(replica);
    this.sendTo(replica);
  }

  /** Resolves once every queued fact, and every fact sent again, has an answer. */
  async finished(): Promise<void> {
    for (;;) {
      await Promise.all([...this.running.values()].map((running) => running.done));
      if (this.resend.length === 0 && [...this.live].every((replica) => this.queues[replica]!.length === 0)) {
        return;
      }
      this.start();
    }
  }

  private sendTo(replica: number): void {
    const stop = new AbortController();
    const done = runIngestLoad({
      baseUrl: this.urls[replica]!,
      workers: this.options.workersPerReplica,
      next: () => {
        const fact = this.resend.shift() ?? this.queues[replica]!.shift();
        return fact === undefined ? undefined : singleRequest(fact);
      },
      onOutcome: (outcome) => this.file(replica, outcome),
      until: Date.now() + 120_000,
      maxRequests: 1_000_000,
      signal: stop.signal,
      requestTimeoutMs: 20_000,
    }).then((sent) => {
      this.requests += sent;
      if (this.running.get(replica)?.done === done) {
        this.running.delete(replica);
      }
      return sent;
    });
    this.running.set(replica, { stop, done });
  }

  private file(replica: number, outcome: IngestOutcome): void {
    const unanswered = this.options.ledger.record(outcome);
    this.cutOff += unanswered.length;
    this.resend.push(...unanswered);
    if (outcome.status === 201) {
      const [fact] = outcome.request.facts;
      this.options.onAcknowledged?.({ replica, fact: fact!, body: outcome.body });
    }
  }
}
