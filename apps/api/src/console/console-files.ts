import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where `npm run build` puts the bundled console: `dist/console`. Compiled, this file sits in
 * `dist/apps/api/src/console`, so the bundle is a sibling of `dist/apps`; run from sources (the tests), it sits in
 * `apps/api/src/console` and the bundle is under the repository's `dist`.
 */
const CANDIDATES = [
  join(__dirname, '..', '..', '..', '..', 'console'),
  join(__dirname, '..', '..', '..', '..', 'dist', 'console'),
];

/** The folder holding the built console's `index.html`, or undefined when the console has not been built. */
export function builtConsoleRoot(candidates: readonly string[] = CANDIDATES): string | undefined {
  return candidates.find((folder) => existsSync(join(folder, 'index.html')));
}
