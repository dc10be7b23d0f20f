import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy } from '@app/domain';
import { DEFAULT_POLICY_DOCUMENT, defaultPolicy, parsePolicy } from '@app/domain';
import type { EventStore, SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import { CurrentPolicy } from './current-policy';
import type { PolicyAdoption } from './policy-adoptions';
import { recordAdoption } from './policy-adoptions';
import { PolicyFollower } from './policy-follower';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function policyNamed(version: string): Policy {
  const result = parsePolicy({ ...DEFAULT_POLICY_DOCUMENT, version });
  if (!result.ok) {
    throw new Error(`test policy ${version} is invalid: ${JSON.stringify(result.errors)}`);
  }
  return result.policy;
}

/** The same log seen through the port alone, as a store without the optional `lastPosition` capability offers it. */
function withoutLastPosition(store: SqliteEventStore): EventStore {
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeAll: (...args) => store.subscribeAll(...args),
    eraseStream: (...args) => store.eraseStream(...args),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** The first subscription's handler fails at its first event, which ends it with that error; later ones work. */
function failingFirstSubscription(store: SqliteEventStore, error: Error): EventStore {
  let subscriptions = 0;
  return {
    ...withoutLastPosition(store),
    lastPosition: () => store.lastPosition(),
    subscribeAll: (options, handlers) =>
      ++subscriptions === 1
        ? store.subscribeAll(options, {
            ...handlers,
            onEvent: () => {
              throw error;
            },
          })
        : store.subscribeAll(options, handlers),
  };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('the condition did not hold in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('PolicyFollower', () => {
  let dir: string;
  let store: SqliteEventStore;
  let follower: PolicyFollower | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-follower-'));
    store = createSqliteEventStore({ path: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
    await recordAdoption(store, policyNamed('first-1'), 'ops@company.test', NOW);
    await recordAdoption(store, policyNamed('second-2'), 'ops@company.test', NOW + 1_000);
    // Recipient facts after the adoptions: the end of the log lies past the last adoption.
    await store.append(
      'recipient-00ff',
      [{ eventId: '1f0e4c1a-5b7d-4c39-9d3e-2a6b8f0c1d2e', type: 'Noted', data: {} }],
      'no_stream',
    );
  });

  afterEach(async () => {
    await follower?.close();
    follower = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const follow = async (
    followed: EventStore,
  ): Promise<{ policy: CurrentPolicy; adopted: PolicyAdoption[]; after: () => bigint | undefined }> => {
    const policy = new CurrentPolicy(defaultPolicy());
    const adopted: PolicyAdoption[] = [];
    const subscribe = jest.spyOn(followed, 'subscribeAll');
    follower = new PolicyFollower(followed, policy, { adopted: (adoption) => adopted.push(adoption) });
    await follower.start();
    return { policy, adopted, after: () => subscribe.mock.calls[0]?.[0].after };
  };

  it('puts the latest adoption in force at start and follows from the end of the log the store tells', async () => {
    const { policy, adopted, after } = await follow(store);
    expect(policy.get().version).toBe('second-2');
    expect(after()).toBe(await store.lastPosition());
    expect(adopted).toEqual([]);

    await recordAdoption(store, policyNamed('third-3'), 'cli@company.test', NOW + 2_000);
    await until(() => policy.get().version === 'third-3');
    expect(adopted.map((adoption) => [adoption.policy.version, adoption.by])).toEqual([
      ['third-3', 'cli@company.test'],
    ]);
  });

  it('follows from the last adoption on a store that cannot tell its end', async () => {
    const plain = withoutLastPosition(store);
    const [, last] = await store.readStream('policy-adoptions');
    const { policy, after } = await follow(plain);
    expect(policy.get().version).toBe('second-2');
    expect(after()).toBe(last?.position);

    await recordAdoption(store, policyNamed('third-3'), 'cli@company.test', NOW + 2_000);
    await until(() => policy.get().version === 'third-3');
  });

  it('counts an adoption pending, with its age, until it is in force', async () => {
    const { policy } = await follow(store);
    expect(await follower!.progress()).toMatchObject({ pending: 0, lagMs: 0, failure: undefined });

    await follower!.close();
    await recordAdoption(store, policyNamed('third-3'), 'cli@company.test', Date.now());
    const [, , third] = await store.readStream('policy-adoptions');
    const later = Date.parse(third!.recordedAt) + 7_000;
    expect(await follower!.progress(later)).toMatchObject({ pending: 1, lagMs: 7_000 });
    expect(policy.get().version).toBe('second-2');
  });

  it('starts following again after its subscription dies, reporting the failure and the recovery once each', async () => {
    const broken = failingFirstSubscription(store, new Error('the log could not be read'));
    const policy = new CurrentPolicy(defaultPolicy());
    const reports: string[] = [];
    follower = new PolicyFollower(broken, policy, {
      failed: (error) => reports.push(`failed: ${error.message}`),
      recovered: () => reports.push('recovered'),
    });
    await follower.start();

    await recordAdoption(store, policyNamed('third-3'), 'cli@company.test', NOW + 2_000);
    await until(() => reports.length === 1);
    const failing = await follower.progress();
    expect(failing.failure?.message).toBe('the log could not be read');
    expect(failing.pending).toBe(1);

    await until(() => policy.get().version === 'third-3');
    await until(() => reports.length === 2);
    expect(reports).toEqual(['failed: the log could not be read', 'recovered']);
    expect(await follower.progress()).toMatchObject({ pending: 0, failure: undefined });
  });

  it('follows from the start when nothing was adopted and the store cannot tell its end', async () => {
    const empty = createSqliteEventStore({ path: join(dir, 'empty.sqlite'), pollIntervalMs: 20 });
    try {
      const { policy, after } = await follow(withoutLastPosition(empty));
      expect(policy.get().version).toBe(defaultPolicy().version);
      expect(after()).toBeUndefined();

      await recordAdoption(empty, policyNamed('first-1'), 'cli@company.test', NOW);
      await until(() => policy.get().version === 'first-1');
    } finally {
      await follower?.close();
      follower = undefined;
      await empty.close();
    }
  });
});
