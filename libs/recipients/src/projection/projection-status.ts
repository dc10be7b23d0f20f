import type { ProjectionProgress, ProjectorRole } from './projection-progress';
import type { ProjectorObserver } from './projector';

export interface ProjectionStatusSnapshot {
  role: ProjectorRole | undefined;
  /** The failure that started the current episode, and when; undefined while projecting works. */
  failure: { message: string; since: number } | undefined;
  /** The latest progress the projector measured; undefined until its first measurement. */
  progress: ProjectionProgress | undefined;
}

/** The projector's latest reports on this thread, for readiness and metrics to read whenever they are asked. */
export class ProjectionStatus implements ProjectorObserver {
  private role: ProjectorRole | undefined;
  private failure: ProjectionStatusSnapshot['failure'];
  private latest: ProjectionProgress | undefined;

  failed(error: unknown): void {
    this.failure = { message: error instanceof Error ? error.message : String(error), since: Date.now() };
  }

  recovered(): void {
    this.failure = undefined;
  }

  roleChanged(role: ProjectorRole | undefined): void {
    this.role = role;
  }

  progress(progress: ProjectionProgress): void {
    this.latest = progress;
  }

  snapshot(): ProjectionStatusSnapshot {
    return { role: this.role, failure: this.failure, progress: this.latest };
  }
}
