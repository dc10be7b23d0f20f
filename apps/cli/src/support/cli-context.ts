import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '@app/domain';
import { resolveAddressHashKey } from '../../../api/src/config/address-hash-key';
import type { Environment } from '../../../api/src/config/env';
import { loadEnvironment } from '../../../api/src/config/env';
import { loadPolicyFile } from '../../../api/src/config/policy-loader';
import { latestAdoption } from '../../../api/src/policy/policy-adoptions';
import type { Stores } from '../../../api/src/stores/open-stores';
import { EMBEDDED_DATABASE_FILE, openStores } from '../../../api/src/stores/open-stores';

/** The stores and the policy in force, found from the same environment the API reads. */
export interface CliContext {
  env: Environment;
  /** The latest adopted policy, else POLICY_FILE, else the defaults: what the API would apply. */
  policy: Policy;
  stores: Stores;
  addressHashKey(): string;
  close(): Promise<void>;
}

/**
 * Opens the configured stores without starting a projector (a running API follows the log; the CLI only writes
 * to it). The read model holds no policy, so the one in force is simply the latest adoption, else POLICY_FILE.
 */
export async function openCliContext(env: Environment = loadEnvironment()): Promise<CliContext> {
  const stores = await openStores(env, undefined, { startProjector: false });
  const adopted = await latestAdoption(stores.eventStore).catch(async (error: unknown) => {
    await stores.close();
    throw error;
  });
  const policy = adopted?.policy ?? loadPolicyFile(env.POLICY_FILE);
  return {
    env,
    policy,
    stores,
    addressHashKey: () => resolveAddressHashKey(env.ADDRESS_HASH_KEY, env.DATA_DIR),
    close: () => stores.close(),
  };
}

/**
 * The policy in force without side effects: a fresh embedded deployment (no database file yet) has adopted nothing,
 * so it is not created just to look.
 */
export async function policyInForce(env: Environment = loadEnvironment()): Promise<Policy> {
  const embedded = env.EVENT_STORE === 'sqlite' && env.READ_MODEL === 'sqlite';
  if (embedded && !existsSync(join(env.DATA_DIR, EMBEDDED_DATABASE_FILE))) {
    return loadPolicyFile(env.POLICY_FILE);
  }
  const context = await openCliContext(env);
  await context.close();
  return context.policy;
}

/** Opens a context, runs `work`, and closes the stores whatever happens. */
export async function withCliContext<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const context = await openCliContext();
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
