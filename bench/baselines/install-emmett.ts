import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../support/bench-process';
import { EMMETT_PACKAGE_DIRECTORY } from './emmett-sqlite';

/**
 * The first step of `npm run bench`: installs Emmett's SQLite baseline into bench/baselines/emmett from its committed
 * lock (`npm ci`), unless the install there is already newer than the lock. It compiles sqlite3 from source, about two
 * minutes, which is why it is kept out of the root install.
 *   node dist/bench/baselines/install-emmett.js
 */
const LOCK = join(EMMETT_PACKAGE_DIRECTORY, 'package-lock.json');
/** npm writes this after every install, so it is newer than the lock exactly when the install followed the lock. */
const INSTALLED = join(EMMETT_PACKAGE_DIRECTORY, 'node_modules', '.package-lock.json');

function installIsCurrent(): boolean {
  return existsSync(INSTALLED) && statSync(INSTALLED).mtimeMs >= statSync(LOCK).mtimeMs;
}

if (!installIsCurrent()) {
  const prefix = relative(REPO_ROOT, EMMETT_PACKAGE_DIRECTORY);
  process.stderr.write(`Installing Emmett's SQLite baseline into ${prefix} (compiles sqlite3, about two minutes)...\n`);
  const npm = spawnSync('npm', ['ci', '--prefix', prefix, '--silent'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (npm.status !== 0) {
    process.stderr.write(`npm ci --prefix ${prefix} failed (${npm.error?.message ?? `exit ${npm.status}`})\n`);
    process.exit(1);
  }
}
