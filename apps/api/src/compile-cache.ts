import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What Node's own `Module.prototype._compile` is called with; its types do not declare it. */
interface CompilingModule {
  exports: unknown;
  require(id: string): unknown;
}
type Compile = (this: CompilingModule, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: CompilingModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CompilingModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  wrap(content: string): string;
}
const NodeModule = Module as unknown as ModuleInternals;

interface CachedCode {
  /** The hash of the source the code was compiled from: V8 itself only checks the source's length. */
  sourceHash: string;
  data: Buffer;
}

interface CompiledModule {
  filename: string;
  sourceHash: string;
  script: Script;
  /** The cached code it was compiled from, when V8 accepted it. */
  reused: Buffer | undefined;
}

/**
 * V8's code cache for the modules a start loads, kept in one file: a start whose modules are all in it compiles none
 * of them again, which is most of what loading them costs. `close` writes the file when a module was compiled anew
 * (after the start, so it holds the functions the start ran too) and gives module loading back to Node.
 */
export interface CompileCache {
  /** How many modules loaded from cached code, and how many were compiled anew. */
  counts(): { reused: number; compiled: number };
  close(): void;
}

/**
 * Compiles the CommonJS modules loaded from now on with the code cached in `file`. A cache that is missing, unreadable
 * or damaged, or whose entry's source hash differs from the file's, is not used; one that cannot be written is not
 * kept. Neither stops a start.
 */
export function openCompileCache(file: string): CompileCache {
  const cached = readCache(file);
  const compiled: CompiledModule[] = [];
  const nodeCompile = NodeModule.prototype._compile;
  const compileCached: Compile = function (this: CompilingModule, content, filename) {
    if (content.includes('import(')) {
      // A script compiled here has no loader for dynamic imports.
      return nodeCompile.call(this, content, filename);
    }
    const sourceHash = createHash('sha1').update(content).digest('base64');
    const entry = cached.get(filename);
    const cachedData = entry?.sourceHash === sourceHash ? entry.data : undefined;
    const script = new Script(NodeModule.wrap(content), { filename, cachedData });
    compiled.push({
      filename,
      sourceHash,
      script,
      reused: script.cachedDataRejected === false ? cachedData : undefined,
    });
    const moduleFunction = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return moduleFunction.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
  NodeModule.prototype._compile = compileCached;
  let open = true;
  return {
    counts: () => {
      const reused = compiled.filter((module) => module.reused !== undefined).length;
      return { reused, compiled: compiled.length - reused };
    },
    close: () => {
      if (!open) {
        return;
      }
      open = false;
      if (NodeModule.prototype._compile === compileCached) {
        NodeModule.prototype._compile = nodeCompile;
      }
      if (compiled.some((module) => module.reused === undefined)) {
        writeCache(file, compiled);
      }
      compiled.length = 0;
      cached.clear();
    },
  };
}

/** The service's entry module, which Node's `require` names as `main` in every module. */
const mainModule = require.main;

/** The `require` Node gives a module: the same resolution, main module, extensions and cache. */
function requireFor(module: CompilingModule): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    NodeModule._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => NodeModule._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = mainModule;
  require.extensions = NodeModule._extensions as NodeJS.RequireExtensions;
  require.cache = NodeModule._cache as NodeJS.Dict<NodeJS.Module>;
  return require;
}

/**
 * The file: a 4-byte length, a JSON index of `[filename, sourceHash, byteLength]` and the cached code of each entry
 * in the index's order.
 */
function readCache(file: string): Map<string, CachedCode> {
  const entries = new Map<string, CachedCode>();
  try {
    const contents = readFileSync(file);
    const indexLength = contents.readUInt32LE(0);
    const index = JSON.parse(contents.subarray(4, 4 + indexLength).toString('utf8')) as [string, string, number][];
    let offset = 4 + indexLength;
    for (const [filename, sourceHash, byteLength] of index) {
      if (offset + byteLength > contents.length) {
        return new Map();
      }
      entries.set(filename, { sourceHash, data: contents.subarray(offset, offset + byteLength) });
      offset += byteLength;
    }
  } catch {
    // No cache yet, or one this start cannot read: every module is compiled as without one.
    return new Map();
  }
  return entries;
}

function writeCache(file: string, compiled: readonly CompiledModule[]): void {
  const index: [string, string, number][] = [];
  const data: Buffer[] = [];
  for (const { filename, sourceHash, script, reused } of compiled) {
    const code = reused ?? script.createCachedData();
    index.push([filename, sourceHash, code.length]);
    data.push(code);
  }
  const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
  const indexLength = Buffer.alloc(4);
  indexLength.writeUInt32LE(indexBytes.length);
  // Written aside and renamed, so a start reading the cache meanwhile sees the old file or the new one, never half.
  const temporary = `${file}.${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch {
    // A build directory that cannot hold the cache keeps none; the next start compiles its modules as this one did.
    return;
  }
  try {
    writeFileSync(temporary, Buffer.concat([indexLength, indexBytes, ...data]));
    renameSync(temporary, file);
  } catch {
    // So does a read-only one, or a full disk.
    rmSync(temporary, { force: true });
  }
}
