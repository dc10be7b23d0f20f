/** How the client retries a request the service answered with 503 or 429, or that never reached it. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 turns retries off). */
  maxAttempts?: number;
  /** No retry is started that would begin later than this after the first attempt (default 30,000 ms). */
  maxElapsedMs?: number;
  /** Without a Retry-After header, attempt n waits a random time up to baseDelayMs * 2^(n-1) (default 200 ms)… */
  baseDelayMs?: number;
  /** …and never more than this (default 5,000 ms). A Retry-After header is honoured as sent, within maxElapsedMs. */
  maxDelayMs?: number;
  /** Time and randomness, replaceable so a test can run retries without waiting. */
  clock?: RetryClock;
  random?: () => number;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RetryPolicy {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clock: RetryClock;
  random: () => number;
}

const DEFAULTS = { maxAttempts: 4, maxElapsedMs: 30_000, baseDelayMs: 200, maxDelayMs: 5_000 };

/** The options with their defaults; a bad number is refused naming the option. */
export function retryPolicy(options: RetryOptions | false = {}): RetryPolicy {
  const given = options === false ? { maxAttempts: 1 } : options;
  const policy = {
    maxAttempts: given.maxAttempts ?? DEFAULTS.maxAttempts,
    maxElapsedMs: given.maxElapsedMs ?? DEFAULTS.maxElapsedMs,
    baseDelayMs: given.baseDelayMs ?? DEFAULTS.baseDelayMs,
    maxDelayMs: given.maxDelayMs ?? DEFAULTS.maxDelayMs,
  };
  for (const [name, value] of Object.entries(policy)) {
    const least = name === 'maxAttempts' ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < least) {
      throw new TypeError(`retry.${name} must be a whole number of at least ${least}, got ${String(value)}`);
    }
  }
  return { ...policy, clock: given.clock ?? systemClock, random: given.random ?? Math.random };
}

const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
