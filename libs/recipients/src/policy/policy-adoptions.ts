import type { Policy, PolicyDocument } from '@app/domain';
import { parsePolicy, RECIPIENT_STATE_NAMESPACE, uuidV5 } from '@app/domain';
import type { EventStore, EventToAppend, RecordedEvent } from '@app/event-store';
import { handleCommand, readStreamOrNothing } from '../command-handling/handle-command';

/**
 * Adopted policies are events too: the latest `PolicyAdopted` in this stream is the policy in force, ahead of
 * POLICY_FILE (which only sets the policy a fresh deployment starts with).
 */
export const POLICY_STREAM = 'policy-adoptions';
export const POLICY_ADOPTED = 'PolicyAdopted';
/** Another adoption landing in between is read and appended after, this many times at most. */
const MAX_ADOPTION_ATTEMPTS = 5;

export interface PolicyAdoption {
  policy: Policy;
  by: string;
  adoptedAt: string;
}

export async function recordAdoption(store: EventStore, policy: Policy, by: string, now: number): Promise<void> {
  const adoptedAt = new Date(now).toISOString();
  const event: EventToAppend = {
    eventId: uuidV5(`${POLICY_STREAM}:${policy.version}:${adoptedAt}`, RECIPIENT_STATE_NAMESPACE),
    type: POLICY_ADOPTED,
    data: { document: policy.document, by, adoptedAt },
    metadata: { recordedAt: adoptedAt },
  };
  // An adoption always appends, after whatever adoptions precede it: the stream's revision is all it depends on.
  await handleCommand({
    store,
    streamId: POLICY_STREAM,
    initialState: () => undefined,
    evolve: () => undefined,
    read: () => undefined,
    write: (appended: EventToAppend) => appended,
    decide: () => ({ events: [event], result: undefined }),
    maxAttempts: MAX_ADOPTION_ATTEMPTS,
  });
}

export async function latestAdoption(store: EventStore): Promise<PolicyAdoption | undefined> {
  const adoptions = await readAdoptions(store);
  const last = adoptions[adoptions.length - 1];
  return last === undefined ? undefined : toAdoption(last);
}

export function toAdoption(event: RecordedEvent): PolicyAdoption | undefined {
  if (event.type !== POLICY_ADOPTED) {
    return undefined;
  }
  const data = event.data as { document: PolicyDocument; by: string; adoptedAt: string };
  const parsed = parsePolicy(data.document);
  return parsed.ok ? { policy: parsed.policy, by: data.by, adoptedAt: data.adoptedAt } : undefined;
}

/** Every adoption event, oldest first; none before the first adoption. */
export function readAdoptions(store: EventStore): Promise<RecordedEvent[]> {
  return readStreamOrNothing(store, POLICY_STREAM);
}
