import { execFile, execFileSync } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from './free-port';

const run = promisify(execFile);
/** Every server command is bounded: a server that does not start or stop by then fails the run instead of hanging it. */
const COMMAND_TIMEOUT_MS = 60_000;
/** PostgreSQL refuses to run as root; as root, its commands run as this system user. */
const SERVER_USER = 'postgres';

export interface PostgresTools {
  initdb: string;
  pgCtl: string;
  /** The command prefix that runs them as a user PostgreSQL accepts, and that user's ids for the folder it owns. */
  asUser: { prefix: string[]; uid: number; gid: number } | undefined;
}

/** initdb and pg_ctl from PATH, or why this machine cannot run a private server. */
export function findPostgresTools(): PostgresTools | string {
  const initdb = onPath('initdb');
  const pgCtl = onPath('pg_ctl');
  if (initdb === undefined || pgCtl === undefined) {
    return 'initdb and pg_ctl are not on PATH';
  }
  if (process.getuid?.() !== 0) {
    return { initdb, pgCtl, asUser: undefined };
  }
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8' }).trim());
    return { initdb, pgCtl, asUser: { prefix: ['runuser', '-u', SERVER_USER, '--'], uid: id('-u'), gid: id('-g') } };
  } catch {
    return `running as root and there is no "${SERVER_USER}" user to run PostgreSQL as`;
  }
}

function onPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter).filter((entry) => entry !== '')) {
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * A throwaway PostgreSQL server of the test's own: a fresh cluster in a temporary folder, on a free loopback port,
 * with its socket in that folder. It is stopped the hard way (`-m immediate`, as a crash would) and started again on
 * the same data; `destroy` stops it and removes the folder.
 */
export class PrivatePostgres {
  private running = false;

  private constructor(
    private readonly tools: PostgresTools,
    private readonly folder: string,
    readonly port: number,
  ) {}

  /** postgres://postgres@127.0.0.1:<port>/postgres */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.folder, 'data');
  }

  static async create(tools: PostgresTools): Promise<PrivatePostgres> {
    const folder = mkdtempSync(join(tmpdir(), 'recipient-state-pg-'));
    const server = new PrivatePostgres(tools, folder, await freeLoopbackPort());
    try {
      if (tools.asUser !== undefined) {
        chownSync(folder, tools.asUser.uid, tools.asUser.gid);
      }
      await server.command(tools.initdb, [
        ...['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      ]);
      await server.start();
      return server;
    } catch (error) {
      await server.destroy();
      throw error;
    }
  }

  async start(): Promise<void> {
    // Durability across an operating-system crash is not under test here; a killed server loses nothing without fsync.
    const options = `-p ${this.port} -k ${this.folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.command(this.tools.pgCtl, [
      ...['-D', this.dataDir, '-l', join(this.folder, 'server.log'), '-o', options, '-w', '-t', '60', 'start'],
    ]);
    this.running = true;
  }

  /** Stops at once, without a checkpoint or a goodbye to the clients: connections drop as if the server had died. */
  async stopImmediately(): Promise<void> {
    await this.command(this.tools.pgCtl, ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop']);
    this.running = false;
  }

  async destroy(): Promise<void> {
    try {
      if (this.running) {
        await this.stopImmediately();
      }
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  private async command(file: string, args: string[]): Promise<void> {
    const prefix = this.tools.asUser?.prefix ?? [];
    const [program = file, ...rest] = [...prefix, file, ...args];
    await run(program, rest, { timeout: COMMAND_TIMEOUT_MS, cwd: this.folder });
  }
}
