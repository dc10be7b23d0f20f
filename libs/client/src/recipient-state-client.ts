import type { Client } from 'openapi-fetch';
import createClient from 'openapi-fetch';
import { retryableCorrectionIds } from './event-ids';
import type { paths } from './generated/recipient-state-api';
import type { QueryParameters, RequestBody, ResponseBody } from './operation-types';
import { RecipientStateProblem } from './recipient-state-problem';
import type { RetryOptions } from './retry-options';
import { retryPolicy } from './retry-options';
import type { Fetch } from './retrying-fetch';
import { retryingFetch } from './retrying-fetch';

/** The most addresses one bulk check takes; `checkMany` sends longer lists in calls of this size. */
export const CHECK_BATCH_SIZE = 10_000;

export interface RecipientStateClientOptions {
  /** Where the service listens, e.g. `http://recipient-state:3000`. */
  baseUrl: string;
  /** An API token, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The fetch to send requests with (default: the global one). */
  fetch?: Fetch;
  /** Retries of 503, 429 and unreachable-service answers; `false` sends every request once. */
  retry?: RetryOptions | false;
}

export type RecipientStateClient = ReturnType<typeof createRecipientStateClient>;

type CheckAnswer = ResponseBody<'/v1/suppressions:check', 'post'>;
/** One address's answer in a bulk check. */
export type CheckResult = CheckAnswer extends { results: (infer Result)[] } ? Result : unknown;
type BatchEvents = RequestBody<'/v1/events:batch', 'post'>['events'];

/**
 * How fresh a query's answer must be: `readAfter` is `'head'` (every write acknowledged before the query) or the
 * `position` a command answered, sent as `Read-After`; the service waits (briefly) until its read model shows it.
 */
export interface ReadOptions {
  readAfter?: string;
}

/**
 * A client for the Recipient State service. The convenience methods answer with the service's JSON and throw a
 * `RecipientStateProblem` for any answer that is not a success; `api` reaches every operation of the OpenAPI
 * document (openapi-fetch: `{ data, error, response }`), with the same retries and event ids.
 */
export function createRecipientStateClient(options: RecipientStateClientOptions) {
  const api: Client<paths> = createClient<paths>({
    baseUrl: checkedBaseUrl(options.baseUrl),
    fetch: retryingFetch(options.fetch ?? ((request) => fetch(request)), retryPolicy(options.retry)),
    headers: options.token === undefined ? {} : { authorization: `Bearer ${checkedToken(options.token)}` },
  });
  api.use(retryableCorrectionIds);
  const byAddress = (address: string) => ({ params: { path: { address } } });

  return {
    api,

    recordBounce: (body: RequestBody<'/v1/bounces', 'post'>): Promise<ResponseBody<'/v1/bounces', 'post'>> =>
      answer(api.POST('/v1/bounces', { body })),

    recordDelivery: (body: RequestBody<'/v1/deliveries', 'post'>): Promise<ResponseBody<'/v1/deliveries', 'post'>> =>
      answer(api.POST('/v1/deliveries', { body })),

    recordComplaint: (body: RequestBody<'/v1/complaints', 'post'>): Promise<ResponseBody<'/v1/complaints', 'post'>> =>
      answer(api.POST('/v1/complaints', { body })),

    recordUnsubscribe: (
      body: RequestBody<'/v1/unsubscribes', 'post'>,
    ): Promise<ResponseBody<'/v1/unsubscribes', 'post'>> => answer(api.POST('/v1/unsubscribes', { body })),

    /** A correction without `occurredAt` or `eventId` is given an eventId, so a retry is the same correction. */
    recordCorrection: (
      body: RequestBody<'/v1/corrections', 'post'>,
    ): Promise<ResponseBody<'/v1/corrections', 'post'>> => answer(api.POST('/v1/corrections', { body })),

    /** Up to 1,000 commands, answered one result per item, in order. */
    recordBatch: (events: BatchEvents): Promise<ResponseBody<'/v1/events:batch', 'post'>> =>
      answer(api.POST('/v1/events:batch', { body: { events } })),

    suppress: (body: RequestBody<'/v1/suppressions', 'post'>): Promise<ResponseBody<'/v1/suppressions', 'post'>> =>
      answer(api.POST('/v1/suppressions', { body })),

    /** Lifts a suppression or quarantine, recorded as a correction (a restoration that can be reverted). */
    liftSuppression: (
      address: string,
      body?: RequestBody<'/v1/suppressions/{address}', 'delete'>,
    ): Promise<ResponseBody<'/v1/suppressions/{address}', 'delete'>> =>
      answer(
        api.DELETE('/v1/suppressions/{address}', { ...byAddress(address), ...(body === undefined ? {} : { body }) }),
      ),

    revertRestoration: (
      id: string,
      body: RequestBody<'/v1/restorations/{id}/revert', 'post'>,
    ): Promise<ResponseBody<'/v1/restorations/{id}/revert', 'post'>> =>
      answer(api.POST('/v1/restorations/{id}/revert', { params: { path: { id } }, body })),

    /** May I send to this address now? With `readAfter`, once the answer reflects that write (see `ReadOptions`). */
    check: async (
      address: string,
      options: ReadOptions = {},
    ): Promise<ResponseBody<'/v1/suppressions/{address}', 'get'>> =>
      answer(
        api.GET('/v1/suppressions/{address}', {
          params: { path: { address }, header: readAfterHeader(options) },
        }),
      ),

    /** Any number of addresses, in calls of 10,000; the results come back in the order of the list. */
    checkMany: async (addresses: readonly string[]): Promise<{ results: CheckResult[] }> => {
      if (!Array.isArray(addresses)) {
        throw new TypeError('checkMany: addresses must be a list of addresses');
      }
      const results: CheckResult[] = [];
      for (let start = 0; start < addresses.length; start += CHECK_BATCH_SIZE) {
        const chunk = addresses.slice(start, start + CHECK_BATCH_SIZE);
        const body: unknown = await answer(api.POST('/v1/suppressions:check', { body: { addresses: chunk } }));
        results.push(...checkResults(body, chunk.length));
      }
      return { results };
    },

    listSuppressions: async (
      query: QueryParameters<'/v1/suppressions', 'get'> = {},
      options: ReadOptions = {},
    ): Promise<ResponseBody<'/v1/suppressions', 'get'>> =>
      answer(api.GET('/v1/suppressions', { params: { query, header: readAfterHeader(options) } })),

    recipient: (address: string): Promise<ResponseBody<'/v1/recipients/{address}', 'get'>> =>
      answer(api.GET('/v1/recipients/{address}', byAddress(address))),

    /** The audit, oldest first, a page at a time: each event with the status before and after and why. */
    history: (
      address: string,
      query: QueryParameters<'/v1/recipients/{address}/history', 'get'> = {},
    ): Promise<ResponseBody<'/v1/recipients/{address}/history', 'get'>> =>
      answer(api.GET('/v1/recipients/{address}/history', { params: { path: { address }, query } })),

    listRestorations: (
      query: QueryParameters<'/v1/restorations', 'get'> = {},
    ): Promise<ResponseBody<'/v1/restorations', 'get'>> => answer(api.GET('/v1/restorations', { params: { query } })),

    policy: (): Promise<ResponseBody<'/v1/policy', 'get'>> => answer(api.GET('/v1/policy')),

    simulatePolicy: (
      body: RequestBody<'/v1/policy/simulations', 'post'>,
    ): Promise<ResponseBody<'/v1/policy/simulations', 'post'>> => answer(api.POST('/v1/policy/simulations', { body })),
  };
}

/** The success body of an openapi-fetch call, or its problem thrown. */
async function answer<Body>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Body> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new RecipientStateProblem(response.status, error);
  }
  return data as Body;
}

const READ_AFTER = /^(head|[0-9]{1,20})$/;

function readAfterHeader(options: ReadOptions): { 'Read-After'?: string } {
  const { readAfter } = options;
  if (readAfter === undefined) {
    return {};
  }
  if (typeof readAfter !== 'string' || !READ_AFTER.test(readAfter)) {
    throw new TypeError(`readAfter must be 'head' or a position a command answered, got ${JSON.stringify(readAfter)}`);
  }
  return { 'Read-After': readAfter };
}

function checkResults(body: unknown, expected: number): CheckResult[] {
  const results = typeof body === 'object' && body !== null && 'results' in body ? body.results : undefined;
  if (!Array.isArray(results) || results.length !== expected) {
    throw new Error(`the service answered a check of ${expected} addresses without ${expected} results`);
  }
  return results as CheckResult[];
}

function checkedBaseUrl(baseUrl: unknown): string {
  const url = typeof baseUrl === 'string' && URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`baseUrl must be an http or https URL, got ${JSON.stringify(baseUrl)}`);
  }
  return baseUrl as string;
}

function checkedToken(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '' || /[\r\n]/.test(token)) {
    throw new TypeError('token must be a non-empty string on one line');
  }
  return token;
}
