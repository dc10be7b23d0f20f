import type { JsonObject } from '@app/event-store';

/** Who asked for a command: the API token it came with. Kept in the metadata of every event the command appends. */
export interface EventActor {
  tokenId: string;
  name: string;
  owner: string;
}

const ACTOR_KEY = 'actor';

/** The stored event with its actor in the metadata; as it was when there is none (the CLI, a webhook). */
export function withActor<Stored extends { metadata: JsonObject }>(
  stored: Stored,
  actor: EventActor | undefined,
): Stored {
  if (actor === undefined) {
    return stored;
  }
  const { tokenId, name, owner } = actor;
  return { ...stored, metadata: { ...stored.metadata, [ACTOR_KEY]: { tokenId, name, owner } } };
}

/** The actor a recorded event's metadata names, if any. */
export function actorOf(metadata: JsonObject): EventActor | undefined {
  const actor = metadata[ACTOR_KEY] as Partial<EventActor> | undefined;
  if (typeof actor?.tokenId !== 'string' || typeof actor.name !== 'string' || typeof actor.owner !== 'string') {
    return undefined;
  }
  return { tokenId: actor.tokenId, name: actor.name, owner: actor.owner };
}
