import type { SocketRequest } from './socket-request';

/** A hostile request and the statuses that refuse it. */
export interface HostileCase {
  name: string;
  request: SocketRequest;
  refusedWith: number;
}

function json(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** `{"address": ..., "k0":0, "k1":0, ...}`: unknown keys by the hundred thousand (about 11 bytes each). */
function manyKeys(count: number, prefix = '"address":"many@keys.example.com",'): Buffer {
  const keys = Array.from({ length: count }, (_, index) => `"k${index}":0`);
  return json(`{${prefix}${keys.join(',')}}`);
}

/** A list nested `levels` deep inside a bounce's `smtp` field. */
function deepNesting(levels: number): Buffer {
  return json(`{"address":"deep@nesting.example.com","smtp":${'['.repeat(levels)}${']'.repeat(levels)}}`);
}

/** A batch of `count` empty items (3 bytes each). */
function emptyBatch(count: number): Buffer {
  return json(`{"events":[${Array.from({ length: count }, () => '{}').join(',')}]}`);
}

/** Lists each within the per-list bound that add up past the body's total. */
function manySmallLists(lists: number, items: number): Buffer {
  const list = `[${Array.from({ length: items }, () => '0').join(',')}]`;
  return json(`{${Array.from({ length: lists }, (_, index) => `"l${index}":${list}`).join(',')}}`);
}

/**
 * The hostile bodies, each under the 2 MiB body limit unless it tests that limit: what made the service
 * quadratic (170,000 unknown keys), the 699,000-item batch, deep nesting, lists adding up, a batch past its 1,000
 * items, and the same shapes on the routes with their own parsing paths (the bulk check's compiled schema, the
 * simulation's own policy parser).
 */
export function hostileCases(): HostileCase[] {
  const post = (path: string, body: Buffer): SocketRequest => ({ method: 'POST', path, body });
  return [
    { name: '170,000 unknown keys in a bounce', request: post('/v1/bounces', manyKeys(170_000)), refusedWith: 400 },
    { name: '900 unknown keys in a bounce', request: post('/v1/bounces', manyKeys(900)), refusedWith: 400 },
    { name: '699,000 empty batch items', request: post('/v1/events:batch', emptyBatch(699_000)), refusedWith: 400 },
    { name: '5,000 empty batch items', request: post('/v1/events:batch', emptyBatch(5_000)), refusedWith: 400 },
    {
      name: '100,000 unknown keys in one batch item',
      request: post('/v1/events:batch', json(`{"events":[${manyKeys(100_000, '"type":"bounce",').toString()}]}`)),
      refusedWith: 400,
    },
    { name: 'nesting 10,000 levels deep', request: post('/v1/bounces', deepNesting(10_000)), refusedWith: 400 },
    { name: 'six lists of 9,000 items', request: post('/v1/bounces', manySmallLists(6, 9_000)), refusedWith: 400 },
    {
      name: '150,000 unknown keys in a bulk check',
      request: post('/v1/suppressions:check', manyKeys(150_000, '"addresses":["a@example.com"],')),
      refusedWith: 400,
    },
    {
      name: '150,000 unknown keys in a candidate policy',
      request: post('/v1/policy/simulations', manyKeys(150_000, '"version":"hostile",')),
      refusedWith: 400,
    },
    { name: 'a body past the 2 MiB limit', request: post('/v1/bounces', manyKeys(300_000)), refusedWith: 413 },
    {
      name: '170,000 unknown keys trickled in over a second',
      request: { ...post('/v1/bounces', manyKeys(170_000)), trickle: { pieces: 20, pauseMs: 50 } },
      refusedWith: 400,
    },
  ];
}
