import type { RecipientCommand, StoredEventShape } from '@app/domain';
import { decide, defaultPolicy, initialRecipientState, toStoredEvent } from '@app/domain';

/** What the decider records for a command on a new recipient at `now`, as a store keeps it. */
export function decidedOnNewRecipient(command: RecipientCommand, now: number): StoredEventShape[] {
  const decision = decide(command, initialRecipientState(), { policy: defaultPolicy(), now, seenFacts: new Map() });
  if (decision.outcome !== 'recorded') {
    throw new Error(`${command.type} was ${decision.outcome}`);
  }
  return decision.events.map((event) => toStoredEvent(event));
}

/** Retries an assertion every 50 ms until it holds or the time is up (then its last failure is the test's). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
