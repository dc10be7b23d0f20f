import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtServiceDocument } from './built-service-document';
import { GENERATED_TYPES_PATH, renderClientTypes } from './render-client-types';

/**
 * `npm run client:generate`: the client's types, written from the built service's OpenAPI document. With `--check`
 * nothing is written: the command fails, showing the first line that differs, when the committed types are not what
 * the document generates.
 */

// Compiled into dist/libs/client/codegen: the repository root is four folders up.
const repositoryRoot = join(__dirname, '..', '..', '..', '..');
const target = join(repositoryRoot, GENERATED_TYPES_PATH);

async function main(): Promise<void> {
  const types = await renderClientTypes(await builtServiceDocument(repositoryRoot));
  if (!process.argv.includes('--check')) {
    writeFileSync(target, types);
    process.stdout.write(`wrote ${GENERATED_TYPES_PATH}\n`);
    return;
  }
  const difference = firstDifference(readFileSync(target, 'utf8'), types);
  if (difference !== undefined) {
    process.stderr.write(
      `${GENERATED_TYPES_PATH} is not what the service's OpenAPI document generates (${difference}).\n` +
        'Run npm run build && npm run client:generate, and commit the result.\n',
    );
    process.exit(1);
  }
}

function firstDifference(committed: string, generated: string): string | undefined {
  const was = committed.split('\n');
  const now = generated.split('\n');
  for (let line = 0; line < Math.max(was.length, now.length); line++) {
    if (was[line] !== now[line]) {
      return `line ${line + 1}: committed ${JSON.stringify(was[line] ?? null)}, generated ${JSON.stringify(now[line] ?? null)}`;
    }
  }
  return undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`client:generate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('Build the service first: npm run build\n');
  process.exit(1);
});
