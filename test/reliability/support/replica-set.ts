import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from '../../support/test-app';
import { CrashableService } from './crashable-service';
import { freeLoopbackPort } from './free-port';

/** What a replica's readiness says of its projector: writing, standing by, or no answer (killed, starting). */
export type ProjectorRoleSeen = 'active' | 'standby' | 'unreachable';

/**
 * Several compiled API processes on one configuration (one event store, one read-model schema), each on its own port
 * and its own DATA_DIR (which holds nothing they share). Each can be killed with SIGKILL and started again.
 */
export class ReplicaSet {
  private constructor(
    readonly replicas: readonly CrashableService[],
    private readonly dataDirs: readonly string[],
  ) {}

  /** Starts them all at once, as an orchestrator would: they race to migrate the schema and take the lease. */
  static async start(count: number, env: Record<string, string>): Promise<ReplicaSet> {
    const dataDirs = Array.from({ length: count }, () => mkdtempSync(join(tmpdir(), 'recipient-state-replica-')));
    const replicas: CrashableService[] = [];
    for (const dataDir of dataDirs) {
      replicas.push(new CrashableService({ dataDir, port: await freeLoopbackPort(), env }));
    }
    const set = new ReplicaSet(replicas, dataDirs);
    const started = await Promise.allSettled(replicas.map((replica) => replica.start()));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) {
      await set.close();
      throw failed.reason;
    }
    return set;
  }

  get urls(): string[] {
    return this.replicas.map((replica) => replica.url);
  }

  /** Each replica's projector role as its `/health` reports it now. */
  async roles(): Promise<ProjectorRoleSeen[]> {
    return Promise.all(this.replicas.map((replica) => roleOf(replica.url)));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.replicas.map((replica) => replica.kill()));
    for (const dataDir of this.dataDirs) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

async function roleOf(url: string): Promise<ProjectorRoleSeen> {
  try {
    const { body } = await send(url, 'GET', '/health');
    const role: unknown = body?.details?.projector?.role;
    return role === 'active' || role === 'standby' ? role : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
