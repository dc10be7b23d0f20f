import { createHash } from 'node:crypto';
import type { Policy, RecipientCommand, RecipientEvent, RecipientState, SmtpEvidence } from '@app/domain';
import { decide, defaultPolicy, indexFacts, initialRecipientState } from '@app/domain';
import type { Page, ProjectedEvent, ReadModelStore, RecipientStatusRow, RestorationRow } from '../read-model-store';

/** The start of every contract scenario; times are given as offsets from it. */
export const T0 = Date.parse('2025-03-03T09:00:00.000Z');
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export function at(offsetMs: number): string {
  return new Date(T0 + offsetMs).toISOString();
}

export const MAILBOX_UNKNOWN: SmtpEvidence = {
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
};

export const MAILBOX_FULL: SmtpEvidence = {
  replyCode: 452,
  enhancedStatus: '4.2.2',
  diagnostic: '452 4.2.2 The email account that you tried to reach is over quota.',
};

/** Stream names as a store would derive them; the real one is keyed (HMAC), which the read model never sees. */
export function streamIdOf(address: string): string {
  return `recipient-${createHash('sha256').update(address).digest('hex')}`;
}

/**
 * An event log built the way the service builds it: commands decided by the real decider at given times, their
 * events numbered with stream revisions and global positions as a store would.
 */
export class EventLog {
  readonly events: ProjectedEvent[] = [];
  private readonly histories = new Map<string, RecipientHistory>();

  constructor(readonly policy: Policy = defaultPolicy()) {}

  recipient(address: string): RecipientHistory {
    let history = this.histories.get(address);
    if (history === undefined) {
      history = new RecipientHistory(this, address);
      this.histories.set(address, history);
    }
    return history;
  }

  addresses(): string[] {
    return [...this.histories.keys()];
  }

  get lastPosition(): bigint {
    return this.events[this.events.length - 1]?.position ?? 0n;
  }

  append(streamId: string, firstRevision: number, events: readonly RecipientEvent[]): void {
    events.forEach((event, index) => {
      const position = this.lastPosition + 1n;
      this.events.push({ streamId, revision: firstRevision + index, position, event });
    });
  }
}

export class RecipientHistory {
  readonly streamId: string;
  state: RecipientState = initialRecipientState();
  private readonly seen = new Map<string, string>();
  private revision = -1;

  constructor(
    private readonly log: EventLog,
    readonly address: string,
  ) {
    this.streamId = streamIdOf(address);
  }

  hardBounce(time: string): this {
    return this.decide(time, { type: 'RecordBounce', address: this.address, occurredAt: time, smtp: MAILBOX_UNKNOWN });
  }

  softBounce(time: string): this {
    return this.bounce(time, MAILBOX_FULL);
  }

  bounce(time: string, smtp: SmtpEvidence): this {
    return this.decide(time, { type: 'RecordBounce', address: this.address, occurredAt: time, smtp });
  }

  delivery(time: string): this {
    return this.decide(time, { type: 'RecordDelivery', address: this.address, occurredAt: time, source: 'mta' });
  }

  correction(time: string, by = 'support@company.test'): this {
    return this.decide(time, { type: 'RecordCorrection', address: this.address, by, note: 'mailbox re-created' });
  }

  manualSuppression(time: string, by = 'support@company.test'): this {
    return this.decide(time, { type: 'SuppressManually', address: this.address, by, cause: 'manual' });
  }

  revert(time: string, restorationId: string, by: string, note: string): this {
    return this.decide(time, { type: 'RevertRestoration', address: this.address, restorationId, by, note });
  }

  /** The restoration standing now; a test asking for one that is not there has a broken premise. */
  activeRestorationId(): string {
    const id = this.state.restoration?.restorationId;
    if (id === undefined) {
      throw new Error(`${this.address} has no active restoration`);
    }
    return id;
  }

  /** Decides a command at `time`; anything but new events means the scenario is not what the test thinks. */
  private decide(time: string, command: RecipientCommand): this {
    const decision = decide(command, this.state, {
      policy: this.log.policy,
      now: Date.parse(time),
      seenFacts: this.seen,
    });
    if (decision.outcome !== 'recorded') {
      throw new Error(`${command.type} for ${this.address} at ${time} was ${decision.outcome}, not recorded`);
    }
    indexFacts(decision.events, this.seen);
    this.state = decision.state;
    this.log.append(this.streamId, this.revision + 1, decision.events);
    this.revision += decision.events.length;
    return this;
  }
}

/** Everything a rebuild must reproduce: every row, every restoration, and the checkpoint. */
export interface Snapshot {
  rows: RecipientStatusRow[];
  restorations: RestorationRow[];
  checkpoint: bigint | undefined;
}

export async function snapshot(store: ReadModelStore, log: EventLog, checkpointName: string): Promise<Snapshot> {
  const rows = [...(await store.getRecipients(log.addresses())).values()].sort((a, b) =>
    compare(a.streamId, b.streamId),
  );
  const restorations = await allPages((cursor) => store.listRestorations({ limit: 2, cursor }));
  return { rows, restorations, checkpoint: await store.checkpoint(checkpointName) };
}

/** Walks a list to its end, failing if a page repeats an item or the walk does not end. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const result = await page(cursor);
    items.push(...result.items);
    if (result.nextCursor === null) {
      return items;
    }
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not end after 1,000 pages');
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
