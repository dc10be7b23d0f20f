import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run, tempDir } from './support/cli-process';

const COMPILE_CACHE = join(ROOT, 'dist', 'apps', 'api', 'src', 'compile-cache.js');

/** What a module sees of its loader: each field would differ if the cache's `require` or wrapper did. */
const ENTRY_MODULE = `
const dependency = require('./dependency');
module.exports = {
  value: dependency.value,
  filename: __filename,
  dirname: __dirname,
  resolved: require.resolve('./dependency'),
  lookupPaths: require.resolve.paths('some-package'),
  sameCache: require.cache[__filename] === module,
  sameExtensions: Object.keys(require.extensions),
  main: require.main === undefined ? 'none' : require.main.filename,
  thisIsExports: this === exports,
  strict: (function () { return this === undefined; })(),
  stackLine: new Error('here').stack.split('\\n')[1].trim(),
};
`;
const dependencyModule = (value: number): string => `'use strict';\nexports.value = ${value};\n`;

/** Loads the entry module in a process of its own, through the cache in `cacheFile` or through Node's loader alone. */
async function load(modules: string, cacheFile: string | undefined): Promise<{ loaded: unknown; counts?: unknown }> {
  const script = join(modules, 'load.js');
  writeFileSync(
    script,
    cacheFile === undefined
      ? `process.stdout.write(JSON.stringify({ loaded: require('./entry') }));`
      : `const cache = require(${JSON.stringify(COMPILE_CACHE)}).openCompileCache(${JSON.stringify(cacheFile)});
         const loaded = require('./entry');
         const counts = cache.counts();
         cache.close();
         process.stdout.write(JSON.stringify({ loaded, counts }));`,
  );
  const result = await run(script, [], modules);
  if (result.code !== 0) {
    throw new Error(`loading exited with ${result.code}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as { loaded: unknown; counts?: unknown };
}

function withIndex(index: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(Buffer.byteLength(index));
  return Buffer.concat([length, Buffer.from(index)]);
}

describe('the start compile cache', () => {
  let directory: string;
  let modules: string;
  let cacheFile: string;

  beforeEach(() => {
    directory = tempDir();
    modules = join(directory, 'modules');
    mkdirSync(modules);
    writeFileSync(join(modules, 'entry.js'), ENTRY_MODULE);
    writeFileSync(join(modules, 'dependency.js'), dependencyModule(1));
    cacheFile = join(directory, 'cache', 'start.bin');
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('loads modules as Node does, compiling them the first time and reusing the cached code after', async () => {
    const { loaded: byNode } = await load(modules, undefined);

    const first = await load(modules, cacheFile);
    expect(first).toEqual({ loaded: byNode, counts: { reused: 0, compiled: 2 } });
    expect(existsSync(cacheFile)).toBe(true);

    const second = await load(modules, cacheFile);
    expect(second).toEqual({ loaded: byNode, counts: { reused: 2, compiled: 0 } });
  });

  it('compiles a module whose source changed, even to one of the same length, and runs the new source', async () => {
    await load(modules, cacheFile);
    writeFileSync(join(modules, 'dependency.js'), dependencyModule(2));

    const changed = await load(modules, cacheFile);
    expect(changed.counts).toEqual({ reused: 1, compiled: 1 });
    expect(changed.loaded).toMatchObject({ value: 2 });

    const again = await load(modules, cacheFile);
    expect(again.counts).toEqual({ reused: 2, compiled: 0 });
    expect(again.loaded).toMatchObject({ value: 2 });
  });

  it('loads every module when the cache cannot be written', async () => {
    const { loaded: byNode } = await load(modules, undefined);
    // A directory that cannot be made: its parent is a file.
    writeFileSync(join(directory, 'not-a-directory'), '');
    const unwritable = join(directory, 'not-a-directory', 'start.bin');

    expect(await load(modules, unwritable)).toEqual({ loaded: byNode, counts: { reused: 0, compiled: 2 } });
    expect(await load(modules, unwritable)).toEqual({ loaded: byNode, counts: { reused: 0, compiled: 2 } });
  });

  it.each([
    ['random bytes', randomBytes(4096)],
    ['an index longer than the file', Buffer.from([0xff, 0xff, 0x00, 0x00, 0x5b])],
    ['code shorter than its index says', withIndex('[["x","y",999999]]')],
    ['nothing', Buffer.alloc(0)],
  ])('compiles every module again over a damaged cache (%s), and replaces it', async (_, damaged) => {
    const { loaded: byNode } = await load(modules, undefined);
    mkdirSync(join(directory, 'cache'));
    writeFileSync(cacheFile, damaged);

    expect(await load(modules, cacheFile)).toEqual({ loaded: byNode, counts: { reused: 0, compiled: 2 } });
    expect(await load(modules, cacheFile)).toEqual({ loaded: byNode, counts: { reused: 2, compiled: 0 } });
  });
});
