import type { IngestFact } from './ingest-facts';
import { BATCH_PATH } from './ingest-facts';
import type { IngestOutcome } from './ingest-load';

/**
 * The details of the 503s the service answers when the event store cannot be reached: nothing was recorded, or a write
 * failed after it may have reached the store (its outcome is unknown). Both are resent unchanged, which the service
 * answers as a duplicate where the first was recorded after all.
 */
const STORE_UNAVAILABLE = ['A store is unavailable', 'The event store did not confirm the write in time'];

/**
 * Splits an outcome during an event store outage into the facts the service refused as "store unavailable, retry
 * later" (a whole request answered 503, or batch items answered so) and the rest of the outcome, which is filed as
 * usual. Undefined `answered` when nothing else is left.
 */
export function setAsideUnavailable(outcome: IngestOutcome): { retryLater: IngestFact[]; answered?: IngestOutcome } {
  const { request, status, body } = outcome;
  if (status === 503 && isStoreUnavailable(body)) {
    return { retryLater: request.facts };
  }
  if (request.path !== BATCH_PATH || status !== 200 || !Array.isArray(body?.results)) {
    return { retryLater: [], answered: outcome };
  }
  const results = body.results as { status?: number; error?: unknown }[];
  const refused = results.map((item) => item.status === 503 && isStoreUnavailable(item.error));
  if (!refused.includes(true)) {
    return { retryLater: [], answered: outcome };
  }
  const kept = (_item: unknown, index: number): boolean => !refused[index];
  const facts = request.facts.filter(kept);
  return {
    retryLater: request.facts.filter((_fact, index) => refused[index]),
    answered:
      facts.length === 0
        ? undefined
        : { ...outcome, request: { ...request, facts }, body: { ...body, results: results.filter(kept) } },
  };
}

function isStoreUnavailable(problem: unknown): boolean {
  const detail = (problem as { detail?: unknown } | null | undefined)?.detail;
  return typeof detail === 'string' && STORE_UNAVAILABLE.some((start) => detail.startsWith(start));
}
