import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBounce } from '@app/domain';
import { defaultPolicy, statusAt } from '@app/domain';
import type { SqliteEventStore } from '@app/event-store';
import { Clock } from '../clock';
import { loadEnvironment } from '../config/environment';
import { CurrentPolicy } from '../policy/current-policy';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import { RecipientStateCache } from '../recipients/recipient-state-cache';
import type { Stores } from '../stores/open-stores';
import { openStores } from '../stores/open-stores';
import { DoNotSendRegistry } from './do-not-send-registry';
import { RecipientErasure } from './recipient-erasure';

const KEY = 'e'.repeat(64);
const ERASED = 'jane.doe@example.org';
const KEPT = 'bob@example.org';

function hardBounce(address: string, occurredAt: string): RecordBounce {
  return {
    type: 'RecordBounce',
    address,
    occurredAt,
    smtp: { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: `550 5.1.1 <${address}>: user unknown` },
  };
}

/** The files of the data folder that hold the text's bytes, as typed and percent-encoded. */
function filesHolding(directory: string, text: string): string[] {
  const needles = [text, encodeURIComponent(text)].map((form) => Buffer.from(form, 'utf8'));
  return readdirSync(directory).filter((name) => {
    const bytes = readFileSync(join(directory, name));
    return needles.some((needle) => bytes.includes(needle));
  });
}

describe('erasing a recipient on the embedded store', () => {
  let dataDir: string;
  let stores: Stores;
  let cache: RecipientStateCache;
  let doNotSend: DoNotSendRegistry;
  let loop: RecipientCommandLoop;
  let erasure: RecipientErasure;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'erasure-'));
    stores = await openStores(loadEnvironment({ DATA_DIR: dataDir, ADDRESS_HASH_KEY: KEY }), undefined, {
      startProjector: false,
    });
    cache = new RecipientStateCache(100);
    doNotSend = new DoNotSendRegistry(stores.eventStore, KEY, (streamId) => cache.delete(streamId));
    await doNotSend.follow();
    const policy = new CurrentPolicy(defaultPolicy());
    loop = new RecipientCommandLoop({
      store: stores.eventStore,
      addressHashKey: KEY,
      policy,
      cache,
      clock: new Clock(),
      maxClockSkewMs: 300_000,
    });
    erasure = new RecipientErasure({
      store: stores.eventStore,
      readModel: stores.readModel,
      addressHashKey: KEY,
      cache,
      doNotSend,
      now: () => Date.now(),
    });
  });
  afterEach(async () => {
    await doNotSend.close();
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no byte of the address in any file, keeps it on the do-not-send list, and keeps the others', async () => {
    await loop.execute(hardBounce(ERASED, new Date(Date.now() - 60_000).toISOString()));
    await loop.execute(hardBounce(KEPT, new Date(Date.now() - 60_000).toISOString()));
    expect(filesHolding(dataDir, ERASED)).not.toEqual([]);

    const outcome = await erasure.erase({ address: 'Jane.Doe@Example.org', by: 'dpo', reason: 'GDPR art. 17' });

    expect(outcome).toMatchObject({ outcome: 'erased', erasedEvents: 2, keepSuppression: true });
    expect(filesHolding(dataDir, ERASED)).toEqual([]);
    expect(filesHolding(dataDir, ERASED.toUpperCase())).toEqual([]);
    expect(await stores.readModel.getRecipient(ERASED)).toBeNull();
    expect(doNotSend.entryFor(ERASED)).toMatchObject({ by: 'dpo', reason: 'GDPR art. 17' });
    expect((await stores.readModel.getRecipient(KEPT))?.standing).toBe('suppressed');
  });

  it('leaves no snapshot of the erased state, nor any byte of an older one', async () => {
    const start = Date.now() - 500 * 60_000;
    for (let n = 0; n < 110; n++) {
      const occurredAt = new Date(start + n * 2 * 60_000).toISOString();
      await loop.execute({
        ...hardBounce(ERASED, occurredAt),
        smtp: { replyCode: 452, diagnostic: '452 Mailbox full' },
      });
      await loop.execute({
        type: 'RecordDelivery',
        address: ERASED,
        occurredAt: new Date(start + (n * 2 + 1) * 60_000).toISOString(),
      });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    const db = (stores.eventStore as SqliteEventStore).database;
    const snapshotRevisions = db.prepare('SELECT revision FROM recipient_snapshots').pluck();
    expect(snapshotRevisions.all()).toEqual([199]);

    await erasure.erase({ address: ERASED, by: 'dpo', reason: 'GDPR art. 17' });

    expect(snapshotRevisions.all()).toEqual([]);
    expect(filesHolding(dataDir, ERASED)).toEqual([]);
  });

  it('records a later bounce of the erased address as a new history, which the command path decides afresh', async () => {
    await loop.execute(hardBounce(ERASED, new Date(Date.now() - 120_000).toISOString()));
    await erasure.erase({ address: ERASED, by: 'dpo', reason: 'GDPR art. 17' });

    const later = await loop.execute(hardBounce(ERASED, new Date(Date.now() - 60_000).toISOString()));

    expect(later.decision.outcome).toBe('recorded');
    expect(statusAt(later.recipient.state, defaultPolicy(), Date.now()).cause).toBe('hard_bounce');
    expect(later.recipient.revision).toBe(1);
    expect(doNotSend.entryFor(ERASED)).toBeDefined();
  });

  it('keeps nothing on the list for an address that was deliverable, unless asked to', async () => {
    await loop.execute({
      type: 'RecordDelivery',
      address: ERASED,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await loop.execute({
      type: 'RecordDelivery',
      address: KEPT,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });

    expect(await erasure.erase({ address: ERASED, by: 'dpo', reason: 'asked' })).toMatchObject({
      keepSuppression: false,
    });
    expect(doNotSend.entryFor(ERASED)).toBeUndefined();
    expect(await erasure.erase({ address: KEPT, by: 'dpo', reason: 'asked', keepSuppression: true })).toMatchObject({
      keepSuppression: true,
    });
    expect(doNotSend.entryFor(KEPT)).toBeDefined();
  });

  it.each([
    [{ address: 'not an address', by: 'dpo', reason: 'r' }, 'address'],
    [{ address: ERASED, by: ' ', reason: 'r' }, 'by'],
    [{ address: ERASED, by: 'dpo', reason: '' }, 'reason'],
  ])('refuses %j naming %s', async (request, field) => {
    expect(await erasure.erase(request)).toMatchObject({ outcome: 'rejected', field });
  });
});
