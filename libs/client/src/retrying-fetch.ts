import { retryAfterMs } from './retry-after';
import type { RetryPolicy } from './retry-options';

export type Fetch = (request: Request) => Promise<Response>;

/** The statuses that say "not now": the service is unavailable (503) or asks the caller to slow down (429). */
const RETRYABLE_STATUSES = new Set([429, 503]);

/**
 * Wraps fetch so a request answered 503 or 429, or that failed to reach the service, is sent again: after the
 * Retry-After the service gave, or a jittered backoff without one, for a bounded number of attempts and a bounded
 * time. Any other answer (every other 4xx included) is returned at once. Commands are safe to send again: the
 * service recognises a repeated event id as the same event and answers 200.
 */
export function retryingFetch(fetch: Fetch, policy: RetryPolicy): Fetch {
  return async (request) => {
    const started = policy.clock.now();
    for (let attempt = 1; ; attempt++) {
      const outcome = await send(fetch, request);
      const wait = delayBeforeRetry(outcome, attempt, policy);
      const mayRetry =
        attempt < policy.maxAttempts &&
        wait !== undefined &&
        policy.clock.now() + wait - started <= policy.maxElapsedMs &&
        !request.signal.aborted;
      if (!mayRetry) {
        if (outcome.response !== undefined) {
          return outcome.response;
        }
        throw outcome.failure;
      }
      // Release the connection: the body of a refusal is not read.
      await outcome.response?.body?.cancel().catch(() => undefined);
      await policy.clock.sleep(wait, request.signal);
    }
  };
}

type Outcome = { response: Response; failure?: never } | { failure: unknown; response?: never };

/** One attempt, on a copy so the original body can be sent again; a network failure is returned, not thrown. */
async function send(fetch: Fetch, request: Request): Promise<Outcome> {
  try {
    return { response: await fetch(request.clone()) };
  } catch (failure) {
    return { failure };
  }
}

/** How long to wait before the next attempt, or undefined when the outcome is final. */
function delayBeforeRetry(outcome: Outcome, attempt: number, policy: RetryPolicy): number | undefined {
  if (outcome.response !== undefined) {
    if (!RETRYABLE_STATUSES.has(outcome.response.status)) {
      return undefined;
    }
    const asked = retryAfterMs(outcome.response.headers.get('retry-after'), policy.clock.now());
    return asked ?? backoff(attempt, policy);
  }
  // fetch rejects with a TypeError when the service cannot be reached; an abort is the caller's decision.
  return isNamed(outcome.failure, 'TypeError') ? backoff(attempt, policy) : undefined;
}

/** By name, not instanceof: the failure may come from another realm's fetch. */
function isNamed(failure: unknown, name: string): boolean {
  return typeof failure === 'object' && failure !== null && 'name' in failure && failure.name === name;
}

/** Full jitter: a random wait up to an exponentially growing ceiling, so clients that failed together spread out. */
function backoff(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}
