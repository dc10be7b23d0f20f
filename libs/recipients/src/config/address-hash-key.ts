import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'address-hash-key';

/**
 * The secret behind stream names. Configured explicitly in production (every replica must share it); the embedded
 * default creates one on first start and keeps it beside the data, since losing it orphans every stream.
 */
export function resolveAddressHashKey(configured: string | undefined, dataDir: string): string {
  if (configured !== undefined) {
    return configured;
  }
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) {
    return readFileSync(path, 'utf8').trim();
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
