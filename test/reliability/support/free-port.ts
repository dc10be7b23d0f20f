import { createServer } from 'node:net';

/** Below Linux's default ephemeral range (32768-60999), which outgoing connections draw their local ports from. */
const FIRST_PORT = 20_000;
const LAST_PORT = 32_767;
const MAX_TRIES = 50;

/**
 * A loopback port nothing listens on now, outside the ephemeral range: a service killed on it can come back on it,
 * because no client connection in the meantime can have taken it as its local port.
 */
export async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * (LAST_PORT - FIRST_PORT + 1));
    if (await isFree(port)) {
      return port;
    }
  }
  throw new Error(`No free loopback port between ${FIRST_PORT} and ${LAST_PORT} after ${MAX_TRIES} tries`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
