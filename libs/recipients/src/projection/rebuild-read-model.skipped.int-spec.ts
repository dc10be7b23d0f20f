import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicy, decide, initialRecipientState, toStoredEvent } from '@app/domain';
import type { EventStore, ReadAllOptions, SkippedEvent } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import { createSqliteReadModel } from '@app/read-model';
import { openEmbeddedDatabase } from '../stores/embedded-database';
import { rebuildReadModel } from './rebuild-read-model';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');

/** What an EventStoreDB log holds besides this service's events, as its adapter reports them. */
const FOREIGN: SkippedEvent[] = [
  { streamId: '$stats-127.0.0.1:2113', type: '$statsCollected', position: 1n, reason: 'system' },
  { streamId: 'billing-42', type: 'InvoiceRaised', position: 2n, reason: 'not_json' },
  { streamId: '$$recipient-b', type: '$metadata', position: 3n, reason: 'store_bookkeeping' },
  // Events of a soft-deleted recipient stream that EventStoreDB returns until a scavenge removes them.
  { streamId: 'recipient-erased', type: 'DeliverySucceeded', position: 4n, reason: 'erased' },
  { streamId: 'recipient-erased', type: 'BounceReceived', position: 5n, reason: 'erased' },
];

describe('rebuildReadModel: events the log passes over', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rebuild-skipped-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the events the log passes over apart from those it reads, by why they were passed over', async () => {
    const log = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
    const decision = decide(
      {
        type: 'RecordDelivery',
        address: 'a@example.com',
        occurredAt: new Date(NOW - 1000).toISOString(),
        source: 'mta',
      },
      initialRecipientState(),
      { policy: defaultPolicy(), now: NOW, seenFacts: new Map() },
    );
    if (decision.outcome !== 'recorded') {
      throw new Error(`the delivery was ${decision.outcome}`);
    }
    await log.append(
      `${RECIPIENT_STREAM_PREFIX}a`,
      decision.events.map((event) => toStoredEvent(event)),
      'no_stream',
    );
    // The log as an adapter that meets foreign events sees it: they are reported, never yielded.
    const eventStore = {
      readAll: (options?: ReadAllOptions) => {
        FOREIGN.forEach((event) => options?.onSkipped?.(event));
        return log.readAll(options);
      },
    } as unknown as EventStore;
    const db = openEmbeddedDatabase(dir);
    const readModel = createSqliteReadModel({ db });
    try {
      const outcome = await rebuildReadModel({ eventStore, readModel }, 100);
      expect(outcome).toMatchObject({
        events: decision.events.length,
        skipped: FOREIGN.length,
        skippedBy: { erased: 2, notThisService: 3 },
        complete: true,
      });
    } finally {
      await readModel.close();
      db.close();
      await log.close();
    }
  });
});
