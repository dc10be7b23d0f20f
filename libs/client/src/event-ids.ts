import type { Middleware } from 'openapi-fetch';

/**
 * The service derives a missing eventId from the payload, so a bounce, delivery, complaint or unsubscribe sent twice
 * is one event, and so is a repeated manual suppression; the client leaves those alone, since a fresh id would make
 * a redelivered fact count twice. A correction without occurredAt is the exception: the service dates it, and derives
 * its id from, the moment it arrives, so a retry would record a second correction. It gets an id of its own here,
 * before the first attempt, so every attempt carries the same one. This holds for every call of the client, the
 * convenience methods and `api` alike, alone or in a batch.
 */
export const retryableCorrectionIds: Middleware = {
  async onRequest({ request, schemaPath }) {
    if (request.method !== 'POST' || (schemaPath !== '/v1/corrections' && schemaPath !== '/v1/events:batch')) {
      return undefined;
    }
    const body = await jsonOf(request);
    const inBatch = schemaPath === '/v1/events:batch';
    const given = inBatch ? (isObject(body) ? body.events : undefined) : [body];
    const needsId = (item: unknown): item is Record<string, unknown> =>
      isObject(item) &&
      item.eventId === undefined &&
      item.occurredAt === undefined &&
      (!inBatch || item.type === 'correction');
    if (!Array.isArray(given) || !given.some(needsId)) {
      return undefined;
    }
    const filled = given.map((item: unknown) => (needsId(item) ? { ...item, eventId: crypto.randomUUID() } : item));
    return new Request(request, {
      body: JSON.stringify(inBatch ? { ...(body as object), events: filled } : filled[0]),
    });
  },
};

/** The JSON body of a request, or undefined when it holds none: the service answers that, not the client. */
async function jsonOf(request: Request): Promise<unknown> {
  try {
    return await request.clone().json();
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
