import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { freeLoopbackPort } from '../reliability/support/free-port';

/**
 * PostgreSQL as the service sees it, through a port of the test's own: nothing listens there until `up()`, so a
 * connection is refused as it is when the server is down; then each connection is forwarded to the real server.
 */
export class PostgresDoor {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  static async closed(target: string): Promise<PostgresDoor> {
    return new PostgresDoor(await freeLoopbackPort(), new URL(target));
  }

  /** The target's URL with this door's host and port. */
  get url(): string {
    const url = new URL(this.target.href);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.href;
  }

  up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Cuts every forwarded connection and refuses new ones, as a server going down does. */
  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  }
}
