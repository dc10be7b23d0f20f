import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand } from '@app/domain';
import type { RecordedEvent, SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore, openSqliteFile, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { createSqliteReadModel } from '@app/read-model';
import { toProjectedEvent } from './projected-event';
import { ProjectionBarrier } from './projection-barrier';
import { RECIPIENT_STATUS_PROJECTION } from './projection-session';
import { decidedOnNewRecipient } from './testing/projection-spec-support';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');
/** Short: every wait here either passes at once or is meant to time out. */
const WAIT_MS = 150;

const delivery = (address: string): RecipientCommand => ({
  type: 'RecordDelivery',
  address,
  occurredAt: new Date(NOW - 1000).toISOString(),
  source: 'mta',
});

/**
 * Read-your-writes waits for the read model's checkpoint; a log that ends in events the projection does not apply
 * (an EventStoreDB filtered subscription need never report progress past them) must not hold a reader back.
 */
describe('ProjectionBarrier', () => {
  let dir: string;
  let eventStore: SqliteEventStore;
  let readModel: ReadModelStore;
  let close: () => void;
  let barrier: ProjectionBarrier;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projection-barrier-'));
    eventStore = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
    const db = openSqliteFile(join(dir, 'read-model.sqlite'));
    readModel = createSqliteReadModel({ db });
    close = () => db.close();
    barrier = new ProjectionBarrier(eventStore, readModel);
  });
  afterEach(async () => {
    close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function recordRecipient(address: string): Promise<RecordedEvent> {
    const streamId = `${RECIPIENT_STREAM_PREFIX}${address}`;
    await eventStore.append(streamId, decidedOnNewRecipient(delivery(address), NOW), 'no_stream');
    const [recorded] = await eventStore.readStream(streamId);
    return recorded!;
  }

  async function recordOther(streamId: string): Promise<bigint> {
    return (
      await eventStore.append(streamId, [{ eventId: `${streamId}-1`, type: 'TokenIssued', data: {} }], 'no_stream')
    ).position;
  }

  const apply = (recorded: RecordedEvent) =>
    readModel.project([toProjectedEvent(recorded)], { name: RECIPIENT_STATUS_PROJECTION, position: recorded.position });

  it('passes the head at once when only events the projection does not apply follow its checkpoint', async () => {
    await apply(await recordRecipient('applied@example.com'));
    const head = await recordOther('access-tokens');
    expect(await barrier.head()).toBe(head);
    expect(await barrier.passed(head, WAIT_MS)).toBe(true);
  });

  it('passes a log of other events only, before the read model has a checkpoint', async () => {
    const head = await recordOther('recipient-state-metadata');
    expect(await barrier.passed(head, WAIT_MS)).toBe(true);
  });

  it('waits for a recipient event between the checkpoint and the position, and passes once it is applied', async () => {
    await apply(await recordRecipient('applied@example.com'));
    const pending = await recordRecipient('pending@example.com');
    const head = await recordOther('access-tokens');
    expect(await barrier.passed(head, WAIT_MS)).toBe(false);
    expect(await barrier.passed(pending.position, WAIT_MS)).toBe(false);

    const waiting = barrier.passed(head, 5_000);
    await apply(pending);
    expect(await waiting).toBe(true);
  });

  it('never passes a position the log has not reached yet', async () => {
    await apply(await recordRecipient('applied@example.com'));
    const head = await recordOther('access-tokens');
    expect(await barrier.passed(head + 1_000n, WAIT_MS)).toBe(false);
  });

  it('passes a position before the first pending recipient event', async () => {
    const applied = await recordRecipient('applied@example.com');
    await apply(applied);
    const between = await recordOther('access-tokens');
    await recordRecipient('pending@example.com');
    expect(await barrier.passed(between, WAIT_MS)).toBe(true);
    expect(await barrier.passed(applied.position, WAIT_MS)).toBe(true);
  });
});
