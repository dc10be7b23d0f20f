import { BENCH_AUTHORIZATION } from './bench-process';

/** Milliseconds one JSON POST takes to be answered in full; anything but a 200 stops the run. */
export async function timedPost(url: string, request: { path: string; body: unknown }): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: BENCH_AUTHORIZATION },
    body: JSON.stringify(request.body),
  });
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`${request.path} answered ${response.status}`);
  }
  return performance.now() - started;
}
