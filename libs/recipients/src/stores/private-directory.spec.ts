import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDirectory } from './private-directory';

const permissions = (path: string) => statSync(path).mode & 0o777;

describe('ensurePrivateDirectory', () => {
  let root: string;
  const umask = process.umask(0o022);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'private-directory-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  afterAll(() => process.umask(umask));

  it('creates a missing directory, and its missing parents, for its owner only', () => {
    const path = join(root, 'a', 'data');
    ensurePrivateDirectory(path);
    expect(permissions(path)).toBe(0o700);
  });

  it('tightens an existing directory that others may read', () => {
    const path = join(root, 'data');
    mkdirSync(path);
    chmodSync(path, 0o755);
    ensurePrivateDirectory(path);
    expect(permissions(path)).toBe(0o700);
  });
});
