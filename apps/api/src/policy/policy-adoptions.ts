import type { Policy, PolicyDocument } from '@app/domain';
import { parsePolicy, RECIPIENT_STATE_NAMESPACE, uuidV5 } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { StreamNotFoundError, WrongExpectedRevisionError } from '@app/event-store';

/**
 * Adopted policies are events too: the latest `PolicyAdopted` in this stream is the policy in force, ahead of
 * POLICY_FILE (which only sets the policy a fresh deployment starts with).
 */
export const POLICY_STREAM = 'policy-adoptions';
export const POLICY_ADOPTED = 'PolicyAdopted';
const MAX_ADOPTION_ATTEMPTS = 5;

export interface PolicyAdoption {
  policy: Policy;
  by: string;
  adoptedAt: string;
}

export async function recordAdoption(store: EventStore, policy: Policy, by: string, now: number): Promise<void> {
  const adoptedAt = new Date(now).toISOString();
  const event = {
    eventId: uuidV5(`${POLICY_STREAM}:${policy.version}:${adoptedAt}`, RECIPIENT_STATE_NAMESPACE),
    type: POLICY_ADOPTED,
    data: { document: policy.document, by, adoptedAt },
    metadata: { recordedAt: adoptedAt },
  };
  for (let attempt = 1; ; attempt++) {
    const current = await readAdoptions(store);
    try {
      await store.append(POLICY_STREAM, [event], current.length === 0 ? 'no_stream' : current.length - 1);
      return;
    } catch (error) {
      // Another adoption landed in between: read again and append after it, a bounded number of times.
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ADOPTION_ATTEMPTS) {
        throw error;
      }
    }
  }
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
export async function readAdoptions(store: EventStore): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(POLICY_STREAM);
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      return [];
    }
    throw error;
  }
}
