import { randomUUID } from 'node:crypto';
import type { RecipientErased } from '@app/domain';
import { DO_NOT_SEND_STREAM, foldRecipient, normaliseAddress } from '@app/domain';
import type { EventStore, ScavengeOutcome, StreamErasure } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX, StreamNotFoundError } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import type { EventActor } from '../recipients/event-actor';
import { withActor } from '../recipients/event-actor';
import type { RecipientStateCache } from '../recipients/recipient-state-cache';
import { readRecipientStream } from '../recipients/recipient-stream-reader';
import { recipientSnapshotsOf } from '../snapshots/recipient-snapshot-store';
import type { DoNotSendRegistry } from './do-not-send-registry';
import { addressHashOf } from './do-not-send-registry';

export interface EraseRecipientRequest {
  address: string;
  by: string;
  reason: string;
  /** Default: true when the address is suppressed or quarantined now, or already on the do-not-send list. */
  keepSuppression?: boolean;
}

export type ErasureOutcome =
  | {
      outcome: 'erased';
      eventId: string;
      erasedEvents: number;
      keepSuppression: boolean;
      /** EventStoreDB: whether the scavenge that removes the deleted events from its files was started. */
      scavenge?: ScavengeOutcome;
    }
  | { outcome: 'rejected'; field: 'address' | 'by' | 'reason'; message: string };

export interface RecipientErasureOptions {
  store: EventStore;
  readModel: ReadModelStore;
  addressHashKey: string;
  cache: RecipientStateCache;
  doNotSend: DoNotSendRegistry;
  now: () => number;
  /** Drops what derived stores outside the log and the read model keep (the replay projection); run last. */
  discardDerived?: () => Promise<void>;
}

/**
 * Erases a recipient: records `RecipientErased` (the stream's keyed hash, never the address) on the do-not-send
 * stream first, so the erased stream never holds the log's last event, then deletes the stream, its snapshot, its
 * read-model rows and every cached copy. On EventStoreDB the events leave the server's files only once a scavenge has
 * run over them; the outcome says whether one was started.
 */
export class RecipientErasure {
  constructor(private readonly options: RecipientErasureOptions) {}

  async erase(request: EraseRecipientRequest, actor?: EventActor): Promise<ErasureOutcome> {
    const { store, readModel, addressHashKey, cache, doNotSend } = this.options;
    const refused = refusal(request);
    if (refused !== undefined) {
      return refused;
    }
    const address = normaliseAddress(request.address);
    if (!address.ok) {
      return { outcome: 'rejected', field: 'address', message: address.message };
    }
    const addressHash = addressHashOf(address.address, addressHashKey);
    const streamId = RECIPIENT_STREAM_PREFIX + addressHash;
    const standing = foldRecipient((await readRecipientStream(store, streamId)).map(({ event }) => event)).standing;
    const keepSuppression =
      request.keepSuppression ?? (standing.kind !== 'clear' || doNotSend.entryFor(address.address) !== undefined);
    const erased: RecipientErased = {
      type: 'RecipientErased',
      eventId: randomUUID(),
      recordedAt: new Date(this.options.now()).toISOString(),
      data: { addressHash, by: request.by, reason: request.reason, keepSuppression },
    };
    const stored = { eventId: erased.eventId, type: erased.type, data: { ...erased.data }, metadata: {} };
    await store.append(DO_NOT_SEND_STREAM, [withActor(stored, actor)], 'any');
    doNotSend.apply(erased);
    // The snapshot goes first: the stream's erasure then clears the file's older page images of both.
    recipientSnapshotsOf(store)?.erase(streamId);
    const erasure = await eraseOrNothing(store, streamId);
    cache.delete(streamId);
    await readModel.eraseRecipient?.(streamId);
    await this.options.discardDerived?.();
    return {
      outcome: 'erased',
      eventId: erased.eventId,
      erasedEvents: erasure.erasedEvents,
      keepSuppression,
      ...(erasure.scavenge === undefined ? {} : { scavenge: erasure.scavenge }),
    };
  }
}

function refusal(request: EraseRecipientRequest): ErasureOutcome | undefined {
  for (const field of ['by', 'reason'] as const) {
    const value: unknown = request[field];
    if (typeof value !== 'string' || value.trim() === '') {
      return { outcome: 'rejected', field, message: `${field} must name ${field === 'by' ? 'who erases' : 'why'}` };
    }
  }
  return undefined;
}

/** A recipient with no stream (never recorded, or erased before) has nothing to erase. */
async function eraseOrNothing(store: EventStore, streamId: string): Promise<StreamErasure> {
  try {
    return await store.eraseStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      return { erasedEvents: 0 };
    }
    throw error;
  }
}
