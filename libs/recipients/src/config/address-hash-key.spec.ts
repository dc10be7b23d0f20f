import type * as FileSystem from 'node:fs';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADDRESS_HASH_KEY_FILE,
  addressHashKeyFingerprint,
  AddressHashKeyError,
  loadAddressHashKey,
  resolveAddressHashKey,
} from './address-hash-key';

// Publishing the key is the step a crash or a competing process can interrupt; the tests stand in for either there.
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof FileSystem>('node:fs');
  return { ...actual, linkSync: jest.fn(actual.linkSync) };
});
const publish = jest.mocked(linkSync);
const realLink = jest.requireActual<typeof FileSystem>('node:fs').linkSync;

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

describe('the address-hash key', () => {
  let dataDir: string;
  let keyFile: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'address-hash-key-'));
    keyFile = join(dataDir, ADDRESS_HASH_KEY_FILE);
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is generated on first start as 32 random bytes in hex, readable by the owner only, and kept', () => {
    const first = resolveAddressHashKey(undefined, dataDir);

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(keyFile, 'utf8')).toBe(`${first}\n`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(resolveAddressHashKey(undefined, dataDir)).toBe(first);
    expect(readdirSync(dataDir)).toEqual([ADDRESS_HASH_KEY_FILE]);
  });

  it('creates DATA_DIR when it does not exist yet', () => {
    const nested = join(dataDir, 'not', 'yet');

    expect(loadAddressHashKey(undefined, nested)).toEqual({
      key: readFileSync(join(nested, ADDRESS_HASH_KEY_FILE), 'utf8').trim(),
      source: join(nested, ADDRESS_HASH_KEY_FILE),
    });
  });

  it('takes ADDRESS_HASH_KEY when no key file exists, without writing one', () => {
    expect(loadAddressHashKey(KEY_A, dataDir)).toEqual({ key: KEY_A, source: 'ADDRESS_HASH_KEY' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('accepts ADDRESS_HASH_KEY equal to the key file', () => {
    writeFileSync(keyFile, `${KEY_A}\n`);

    expect(resolveAddressHashKey(KEY_A, dataDir)).toBe(KEY_A);
  });

  it('refuses to choose when ADDRESS_HASH_KEY and the key file differ', () => {
    writeFileSync(keyFile, `${KEY_A}\n`);

    expect(() => resolveAddressHashKey(KEY_B, dataDir)).toThrow(AddressHashKeyError);
    expect(() => resolveAddressHashKey(KEY_B, dataDir)).toThrow(
      /ADDRESS_HASH_KEY differs from the key in .*address-hash-key/,
    );
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '\n'],
    ['short', 'ab'.repeat(31)],
    ['not hex', 'z'.repeat(64)],
    ['an odd number of hex digits', 'a'.repeat(65)],
  ])('refuses a key file that is %s, naming the file', (_case, contents) => {
    writeFileSync(keyFile, contents);

    expect(() => resolveAddressHashKey(undefined, dataDir)).toThrow(AddressHashKeyError);
    expect(() => resolveAddressHashKey(undefined, dataDir)).toThrow(
      `The address-hash key file ${keyFile} must be at least 64 hex characters`,
    );
    expect(readFileSync(keyFile, 'utf8')).toBe(contents);
  });

  it('refuses a short ADDRESS_HASH_KEY, naming it', () => {
    expect(() => resolveAddressHashKey('development-only-address-hash-key', dataDir)).toThrow(
      'ADDRESS_HASH_KEY must be at least 64 hex characters (32 bytes; e.g. `openssl rand -hex 32`), but it has 33 characters',
    );
  });

  it('accepts longer keys and upper-case hex', () => {
    const long = 'AbCd'.repeat(24);

    expect(resolveAddressHashKey(long, dataDir)).toBe(long);
  });

  it('leaves no key file when the process dies between writing and publishing, and the next start makes one', () => {
    publish.mockImplementationOnce(() => {
      throw new Error('killed before the rename');
    });

    expect(() => resolveAddressHashKey(undefined, dataDir)).toThrow('killed before the rename');
    expect(existsSync(keyFile)).toBe(false);

    const key = resolveAddressHashKey(undefined, dataDir);
    expect(readFileSync(keyFile, 'utf8')).toBe(`${key}\n`);
  });

  it('keeps the published key when a crash left a half-written temporary file beside it', () => {
    writeFileSync(keyFile, `${KEY_A}\n`);
    writeFileSync(join(dataDir, `.${ADDRESS_HASH_KEY_FILE}.999.0123456789ab.tmp`), 'b'.repeat(10));

    expect(resolveAddressHashKey(undefined, dataDir)).toBe(KEY_A);
  });

  it('keeps the key another process published first rather than replacing it', () => {
    publish.mockImplementationOnce((from, to) => {
      writeFileSync(to, `${KEY_B}\n`);
      realLink(from, to);
    });

    expect(resolveAddressHashKey(undefined, dataDir)).toBe(KEY_B);
    expect(readFileSync(keyFile, 'utf8')).toBe(`${KEY_B}\n`);
    expect(readdirSync(dataDir)).toEqual([ADDRESS_HASH_KEY_FILE]);
  });

  it('fingerprints a key without revealing it, differently for different keys', () => {
    const fingerprint = addressHashKeyFingerprint(KEY_A);

    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain(KEY_A.slice(0, 8));
    expect(addressHashKeyFingerprint(KEY_A)).toBe(fingerprint);
    expect(addressHashKeyFingerprint(KEY_B)).not.toBe(fingerprint);
  });
});
