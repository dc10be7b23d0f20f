import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '@app/domain';
import type { Environment, Stores } from '@app/recipients';
import {
  Clock,
  CurrentPolicy,
  EMBEDDED_DATABASE_FILE,
  latestAdoption,
  loadEnvironment,
  loadPolicyFile,
  openStores,
  RecipientCommandLoop,
  RecipientStateCache,
  resolveAddressHashKey,
} from '@app/recipients';

/** Recipients an import touches are mostly touched once; a small cache covers repeats within a file. */
const COMMAND_CACHE_SIZE = 10_000;

/** The stores and the policy in force, found from the same environment the API reads. */
export interface CliContext {
  env: Environment;
  /** The latest adopted policy, else POLICY_FILE, else the defaults: what the API would apply. */
  policy: Policy;
  stores: Stores;
  addressHashKey(): string;
  /** The command loop the API runs, on these stores: commands from the CLI take exactly the path HTTP ones take. */
  commandLoop(): RecipientCommandLoop;
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
  const addressHashKey = (): string => resolveAddressHashKey(env.ADDRESS_HASH_KEY, env.DATA_DIR);
  return {
    env,
    policy,
    stores,
    addressHashKey,
    commandLoop: () =>
      new RecipientCommandLoop({
        store: stores.eventStore,
        addressHashKey: addressHashKey(),
        policy: new CurrentPolicy(policy),
        cache: new RecipientStateCache(COMMAND_CACHE_SIZE),
        clock: new Clock(),
        maxClockSkewMs: env.MAX_CLOCK_SKEW_SECONDS * 1000,
      }),
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
