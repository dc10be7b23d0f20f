import type { Agent, ClientRequest, IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';

export interface SocketRequest {
  method: string;
  path: string;
  body?: Buffer;
  /** Sends the body in this many pieces, `pauseMs` apart: a client that trickles its body in. */
  trickle?: { pieces: number; pauseMs: number };
}

export interface SocketResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** From the first byte written to the last byte read. */
  elapsedMs: number;
}

/** One request over a real TCP connection (a keep-alive agent's, or a socket of its own), timed to its last byte. */
export function sendOverSocket(
  baseUrl: string,
  authorization: string,
  input: SocketRequest,
  agent?: Agent,
): Promise<SocketResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization };
    if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = input.body.length;
    }
    const outgoing = request(`${baseUrl}${input.path}`, { method: input.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
          elapsedMs: performance.now() - started,
        }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    writeBody(outgoing, input).catch(reject);
  });
}

async function writeBody(outgoing: ClientRequest, input: SocketRequest): Promise<void> {
  const { body, trickle } = input;
  if (body === undefined || trickle === undefined) {
    outgoing.end(body ?? Buffer.alloc(0));
    return;
  }
  const size = Math.ceil(body.length / trickle.pieces);
  for (let offset = 0; offset < body.length; offset += size) {
    outgoing.write(body.subarray(offset, offset + size));
    await new Promise((resolve) => setTimeout(resolve, trickle.pauseMs));
  }
  outgoing.end();
}
