import { HealthIndicatorService } from '@nestjs/terminus';
import type { Environment, ProjectionProgress, Stores } from '@app/recipients';
import { ProjectionStatus } from '@app/recipients';
import { ProjectorHealthIndicator } from './projector.health';

const BOUND_MS = 1_000;

function progress(overrides: Partial<ProjectionProgress> = {}): ProjectionProgress {
  return { role: 'active', position: 10n, head: 10n, backlog: 0, lagMs: 0, measuredAt: Date.now(), ...overrides };
}

function indicatorOver(status: ProjectionStatus | undefined): ProjectorHealthIndicator {
  const stores = { projection: status } as Stores;
  const env = { PROJECTION_LAG_READY_BOUND_MS: BOUND_MS } as Environment;
  return new ProjectorHealthIndicator(new HealthIndicatorService(), stores, env);
}

/** The projector's entry of the readiness result (its absence fails the spec). */
function projectorEntry(status: ProjectionStatus): Record<string, unknown> {
  const entry = indicatorOver(status).keepingUp().projector;
  if (entry === undefined) {
    throw new Error('the readiness result has no projector entry');
  }
  return entry;
}

describe('readiness of the projector', () => {
  it('is up in embedded mode, where the read model is written inside the append', () => {
    expect(indicatorOver(undefined).keepingUp()).toEqual({ projector: { status: 'up', mode: 'inline' } });
  });

  it('is up within the bound, with its figures', () => {
    const status = new ProjectionStatus();
    status.roleChanged('active');
    status.progress(progress({ position: 7n, head: 9n, backlog: 2, lagMs: BOUND_MS }));
    expect(indicatorOver(status).keepingUp().projector).toMatchObject({
      status: 'up',
      role: 'active',
      lagMs: BOUND_MS,
      boundMs: BOUND_MS,
      backlog: 2,
      position: '7',
      head: '9',
    });
  });

  it('is down past the bound, saying by how much and how many positions behind', () => {
    const status = new ProjectionStatus();
    status.progress(progress({ position: 3n, head: 50n, backlog: 47, lagMs: BOUND_MS + 1 }));
    const result = projectorEntry(status);
    expect(result).toMatchObject({ status: 'down', lagMs: BOUND_MS + 1, backlog: 47 });
    expect(result.message).toMatch(/by 1001 ms, past the bound of 1000 ms \(47 positions behind\)/);
  });

  it('is down while the projector fails, naming the failure, and up again once it recovered', () => {
    const status = new ProjectionStatus();
    status.progress(progress());
    status.failed(new Error('PostgreSQL is unavailable (ECONNREFUSED)'));
    const failing = projectorEntry(status);
    expect(failing.status).toBe('down');
    expect(failing.message).toMatch(/failing .*ECONNREFUSED/);

    status.recovered();
    expect(projectorEntry(status).status).toBe('up');
  });

  it('is down when the projector has never reported, or stopped reporting', () => {
    expect(indicatorOver(new ProjectionStatus()).keepingUp().projector).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/never/),
    });
    const silent = new ProjectionStatus();
    silent.progress(progress({ measuredAt: Date.now() - BOUND_MS - 60_000 }));
    expect(projectorEntry(silent).message).toMatch(/not for \d+ ms/);
  });
});
