import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DEFAULT_POLICY_DOCUMENT, defaultPolicy, parsePolicy } from '@app/domain';
import type { Policy } from '@app/domain';
import type { EventStore, SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import type { Environment } from '@app/recipients';
import { CurrentPolicy, PolicyFollower, recordAdoption } from '@app/recipients';
import type { PolicyFollowing } from '../core.module';
import { PolicyFollowerHealthIndicator } from './policy-follower.health';

const BOUND_MS = 10;

function policyNamed(version: string): Policy {
  const result = parsePolicy({ ...DEFAULT_POLICY_DOCUMENT, version });
  if (!result.ok) {
    throw new Error(`test policy ${version} is invalid`);
  }
  return result.policy;
}

/** The store, except that the first subscription's handler fails at its first event, which ends it. */
function failingFirstSubscription(store: SqliteEventStore): EventStore {
  let subscriptions = 0;
  return Object.assign(Object.create(store) as SqliteEventStore, {
    subscribeAll: ((options, handlers) =>
      ++subscriptions === 1
        ? store.subscribeAll(options, {
            ...handlers,
            onEvent: () => {
              throw new Error('the log could not be read');
            },
          })
        : store.subscribeAll(options, handlers)) satisfies EventStore['subscribeAll'],
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('the condition did not hold in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('readiness of the policy follower', () => {
  let dir: string;
  let store: SqliteEventStore;
  let follower: PolicyFollower;
  let policy: CurrentPolicy;
  let indicator: PolicyFollowerHealthIndicator;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-follower-health-'));
    store = createSqliteEventStore({ path: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
    policy = new CurrentPolicy(defaultPolicy());
  });

  afterEach(async () => {
    await follower.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (followed: EventStore): Promise<void> => {
    follower = new PolicyFollower(followed, policy);
    const env = { POLICY_FOLLOWER_LAG_READY_BOUND_MS: BOUND_MS } as Environment;
    indicator = new PolicyFollowerHealthIndicator(
      new HealthIndicatorService(),
      { follower } as PolicyFollowing,
      policy,
      env,
    );
    await follower.start();
  };
  const entry = async (): Promise<Record<string, unknown>> => {
    const result = (await indicator.inStep()).policyFollower;
    if (result === undefined) {
      throw new Error('the readiness result has no policyFollower entry');
    }
    return result;
  };

  it('is up with its figures while every adoption is in force', async () => {
    await recordAdoption(store, policyNamed('first-1'), 'ops@company.test', Date.now());
    await start(store);
    expect(await entry()).toEqual({
      status: 'up',
      policyVersion: 'first-1',
      position: (await store.lastPosition()).toString(),
      pending: 0,
      lagMs: 0,
      boundMs: BOUND_MS,
    });
  });

  it('is down when its subscription died, naming the failure, and up again once following recovered', async () => {
    await start(failingFirstSubscription(store));
    await recordAdoption(store, policyNamed('second-2'), 'cli@company.test', Date.now());

    await until(async () => (await entry()).status === 'down');
    const failing = await entry();
    expect(failing.message).toMatch(/^Following policy adoptions has been failing for \d+ ms/);
    expect(failing.message).toMatch(/the log could not be read$/);
    expect(failing.pending).toBe(1);

    await until(async () => (await entry()).status === 'up');
    expect(await entry()).toMatchObject({ policyVersion: 'second-2', pending: 0 });
  });

  it('is down while an adoption older than the bound is not in force, saying by how much', async () => {
    await start(store);
    await follower.close();
    await recordAdoption(store, policyNamed('third-3'), 'cli@company.test', Date.now());
    await new Promise((resolve) => setTimeout(resolve, BOUND_MS * 2));

    const lagging = await entry();
    expect(lagging).toMatchObject({ status: 'down', pending: 1, boundMs: BOUND_MS });
    expect(lagging.lagMs).toBeGreaterThan(BOUND_MS);
    expect(lagging.message).toMatch(
      new RegExp(
        `recorded ${String(lagging.lagMs)} ms ago, past the bound of ${BOUND_MS} ms \\(1 adoption\\(s\\) pending\\)`,
      ),
    );
  });
});
