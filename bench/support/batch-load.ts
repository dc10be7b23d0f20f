import { command } from './http-load';

export const BATCH_SIZE = 1000;

/** One `POST /v1/events:batch` of the ingest workload's bounces and deliveries. */
export function batchBody(): { path: string; body: unknown } {
  const events = Array.from({ length: BATCH_SIZE }, () => {
    const { path, body } = command();
    return { type: path === '/v1/deliveries' ? 'delivery' : 'bounce', ...body };
  });
  return { path: '/v1/events:batch', body: { events } };
}

/** Items whose own result is a success: a 200 batch may still hold per-item errors. */
export function succeededItems(status: number, body: string): number {
  if (status !== 200) {
    return 0;
  }
  const { results } = JSON.parse(body) as { results: { status: number }[] };
  return results.filter((item) => item.status >= 200 && item.status < 300).length;
}
