import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtConsoleRoot } from './console-files';

describe('finding the built console', () => {
  let empty: string;
  let built: string;

  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), 'console-empty-'));
    built = mkdtempSync(join(tmpdir(), 'console-built-'));
    writeFileSync(join(built, 'index.html'), '<div id="root"></div>');
  });

  afterAll(() => {
    rmSync(empty, { recursive: true, force: true });
    rmSync(built, { recursive: true, force: true });
  });

  it('takes the first folder that holds an index.html', () => {
    expect(builtConsoleRoot([join(empty, 'missing'), empty, built])).toBe(built);
  });

  it('says so when the console has not been built', () => {
    expect(builtConsoleRoot([empty, join(empty, 'missing')])).toBeUndefined();
  });
});
