import { createHmac, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const ADDRESS_HASH_KEY_FILE = 'address-hash-key';
/** 32 bytes of key material or more, written as hex (`openssl rand -hex 32`). */
export const ADDRESS_HASH_KEY_PATTERN = /^(?:[0-9a-fA-F]{2}){32,}$/;
const FINGERPRINT_LABEL = 'recipient-state address-hash-key fingerprint v1';

/** A key that is missing, malformed or contradicted: the process must not start with it. */
export class AddressHashKeyError extends Error {
  override readonly name = 'AddressHashKeyError';
}

export interface ResolvedAddressHashKey {
  key: string;
  /** Where the key came from, for messages: `ADDRESS_HASH_KEY` or the key file's path. */
  source: string;
}

/**
 * The secret behind stream names. Configured explicitly in production (every replica must share it); the embedded
 * default creates one on first start and keeps it beside the data, since losing it orphans every stream. When both
 * exist they must agree: silently preferring one would give every address a second identity.
 */
export function loadAddressHashKey(configured: string | undefined, dataDir: string): ResolvedAddressHashKey {
  const path = join(dataDir, ADDRESS_HASH_KEY_FILE);
  const stored = existsSync(path) ? readKeyFile(path) : undefined;
  if (configured !== undefined) {
    assertKeyMaterial(configured, 'ADDRESS_HASH_KEY');
    if (stored !== undefined && stored !== configured) {
      throw new AddressHashKeyError(
        `ADDRESS_HASH_KEY differs from the key in ${path}; refusing to choose one. Unset ADDRESS_HASH_KEY or remove ` +
          `the file only if it was never used: the store's stream names depend on the key it was created with`,
      );
    }
    return { key: configured, source: 'ADDRESS_HASH_KEY' };
  }
  if (stored !== undefined) {
    return { key: stored, source: path };
  }
  mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('hex');
  const kept = writeFileOnce(path, `${generated}\n`) ? generated : readKeyFile(path);
  return { key: kept, source: path };
}

export function resolveAddressHashKey(configured: string | undefined, dataDir: string): string {
  return loadAddressHashKey(configured, dataDir).key;
}

/** Identifies a key without revealing it: HMAC-SHA256 of a fixed label under the key. */
export function addressHashKeyFingerprint(key: string): string {
  return createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex');
}

function readKeyFile(path: string): string {
  const key = readFileSync(path, 'utf8').trim();
  assertKeyMaterial(key, `The address-hash key file ${path}`);
  return key;
}

function assertKeyMaterial(key: string, what: string): void {
  if (!ADDRESS_HASH_KEY_PATTERN.test(key)) {
    const found = key === '' ? 'it is empty' : `it has ${key.length} characters`;
    throw new AddressHashKeyError(
      `${what} must be at least 64 hex characters (32 bytes; e.g. \`openssl rand -hex 32\`), but ${found}`,
    );
  }
}

/**
 * Publishes `contents` at `path` only if nothing is there yet, so that a crash leaves either no file or the whole
 * key: written to a temporary file in the same directory, fsynced, then linked into place (a rename that refuses to
 * replace a key another process published meanwhile), and the directory fsynced so the new name survives power loss.
 * Returns false when another process's file won.
 */
export function writeFileOnce(path: string, contents: string): boolean {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    unlinkSync(temporary);
  }
  fsyncDirectory(directory);
  return true;
}

function fsyncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
