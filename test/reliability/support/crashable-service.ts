import type { ServerProcess } from '../../../bench/support/bench-process';
import { startServer } from '../../../bench/support/bench-process';

export const API_ENTRY = 'dist/apps/api/src/main.js';

export interface CrashableServiceOptions {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  /** A start that is not healthy by then fails the run instead of hanging it. */
  startTimeoutMs?: number;
}

/** The compiled service as a child process that is started, killed with SIGKILL and started again on one DATA_DIR. */
export class CrashableService {
  private server: ServerProcess | undefined;
  starts = 0;
  kills = 0;

  constructor(private readonly options: CrashableServiceOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    if (this.server !== undefined) {
      throw new Error('The service is already running');
    }
    const { dataDir, port, env = {}, startTimeoutMs = 60_000 } = this.options;
    const starting = startServer(API_ENTRY, { ...env, DATA_DIR: dataDir }, port);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`The service was not healthy within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
    });
    try {
      this.server = await Promise.race([starting, timeout]);
      this.starts++;
    } catch (error) {
      // A start that lost the race is still killed once it is up, so no child outlives the run.
      starting.then((late) => late.child.kill('SIGKILL')).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** kill -9: no shutdown hook runs, whatever was in flight is cut off. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined || server.child.exitCode !== null || server.child.signalCode !== null) {
      return;
    }
    await new Promise<void>((resolve) => {
      server.child.once('exit', () => resolve());
      server.child.kill('SIGKILL');
    });
    this.kills++;
  }
}
