// First, so that the modules below load from the start's code cache.
import { startCompileCache } from './start-compile-cache';
import 'reflect-metadata';
import { EnvironmentError, loadEnvironment, loadPolicyFile, PolicyFileError } from '@app/recipients';
import { createApp } from './create-app';

/** Files and directories this process creates (DATA_DIR, the SQLite files, the key) are its owner's only. */
const OWNER_ONLY_UMASK = 0o077;

async function main(): Promise<void> {
  process.umask(OWNER_ONLY_UMASK);
  let env;
  let policy;
  try {
    env = loadEnvironment();
    policy = loadPolicyFile(env.POLICY_FILE);
  } catch (error) {
    if (error instanceof EnvironmentError || error instanceof PolicyFileError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp({ env, policy });
  await app.listen({ port: env.PORT, host: env.HOST });
  // The port actually bound: PORT=0 lets the system choose one.
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : env.PORT;
  process.stderr.write(`Recipient State listening on http://${env.HOST}:${port}\n`);
  startCompileCache.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`Recipient State failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
