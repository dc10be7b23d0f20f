/** Limits on what the service fetches on a webhook's behalf (SNS certificates, subscription confirmations). */
export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Origins that may be fetched over plain http (a local emulator, the specs); everything else must be https. */
  plainHttpOrigins: readonly string[];
}

/**
 * GETs a URL with a timeout and a size cap and answers its body as text. Redirects are refused: the URL was checked,
 * where it redirects to was not. Throws with a message fit for a log line.
 */
export async function fetchBounded(url: string, limits: FetchLimits): Promise<string> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && !limits.plainHttpOrigins.includes(target.origin)) {
    throw new Error(`${target.origin} is neither https nor a trusted origin`);
  }
  const response = await fetch(target, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: 'error' });
  if (!response.ok) {
    throw new Error(`${target.origin} answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new Error(`${target.origin} sent more than ${limits.maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limits.maxBytes) {
      throw new Error(`${target.origin} sent more than ${limits.maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
