import { chmodSync, mkdirSync, statSync } from 'node:fs';

const OWNER_ONLY = 0o700;

/**
 * Creates `path` readable by its owner only, and tightens it when it exists, belongs to this user and others may
 * read it: the stores in it hold every address. A directory of another user is left as its owner set it.
 */
export function ensurePrivateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: OWNER_ONLY });
  const { mode, uid } = statSync(path);
  if ((mode & 0o077) !== 0 && uid === process.getuid?.()) {
    chmodSync(path, OWNER_ONLY);
  }
}
