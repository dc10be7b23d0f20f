import type { RetryClock } from '../retry-options';

/** A request as the fake service saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Headers;
  body: any;
}

/** An answer is made fresh for each request; a thrown failure stands for a request that never arrived. */
export type Answer = { failure: unknown } | ((request: SeenRequest) => Response);

/**
 * A fetch that answers from a script, in order, and records every request it was sent; the last answer repeats.
 * Keeps the specs off the network.
 */
export function fakeService(...answers: Answer[]) {
  const seen: SeenRequest[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const entry = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
    seen.push(entry);
    const next = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (next === undefined) {
      throw new Error('the fake service has no answer');
    }
    if ('failure' in next) {
      throw next.failure;
    }
    return next(entry);
  };
  return { fetch, seen };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): () => Response {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
  return () => new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType, ...headers } });
}

export function failure(error: unknown): Answer {
  return { failure: error };
}

/** A clock whose sleeps pass at once and are written down. */
export function fakeClock(start = Date.UTC(2026, 2, 1, 12)) {
  const sleeps: number[] = [];
  let now = start;
  const clock: RetryClock = {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { clock, sleeps };
}
