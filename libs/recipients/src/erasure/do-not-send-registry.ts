import type { DoNotSendEntry, RecipientErased } from '@app/domain';
import { DO_NOT_SEND_STREAM, DoNotSendList, toRecipientErased } from '@app/domain';
import type { EventStore, Subscription } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX, recipientStreamId } from '@app/event-store';
import { followNamedStream } from './named-stream';

/** The recipient stream's keyed hash for a normalised address: what the do-not-send list knows an address by. */
export function addressHashOf(normalisedAddress: string, addressHashKey: string): string {
  return recipientStreamId(normalisedAddress, addressHashKey).slice(RECIPIENT_STREAM_PREFIX.length);
}

/**
 * The do-not-send list in memory, kept up with the erasure stream. `onErased` is told of every erasure this replica
 * learns of (its own and others'), so the caches that may still hold the erased recipient drop it.
 */
export class DoNotSendRegistry {
  private readonly list = new DoNotSendList();
  private subscription: Subscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly addressHashKey: string,
    private readonly onErased: (streamId: string) => void = () => undefined,
  ) {}

  async follow(): Promise<void> {
    this.subscription = await followNamedStream(this.store, DO_NOT_SEND_STREAM, ['RecipientErased'], (recorded) =>
      this.apply(toRecipientErased(recorded)),
    );
  }

  apply(event: RecipientErased): void {
    this.list.apply(event);
    this.onErased(RECIPIENT_STREAM_PREFIX + event.data.addressHash);
  }

  /** The entry that keeps a normalised address suppressed, if it was erased with `keepSuppression`. */
  entryFor(normalisedAddress: string): DoNotSendEntry | undefined {
    return this.list.size === 0 ? undefined : this.list.entryFor(addressHashOf(normalisedAddress, this.addressHashKey));
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
