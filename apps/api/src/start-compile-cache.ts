import { join } from 'node:path';
import { openCompileCache } from './compile-cache';

/**
 * The code cache of the service's start, beside the build it caches (`dist/`), one file per Node version and
 * architecture: imported first by `main.ts`, so that every module the start loads after it is compiled from it.
 */
export const startCompileCache = openCompileCache(
  join(__dirname, '..', '..', '..', '.compile-cache', `start-${process.version}-${process.arch}.bin`),
);
