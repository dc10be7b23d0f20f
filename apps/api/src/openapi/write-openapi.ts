import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultPolicy } from '@app/domain';
import { Clock, loadEnvironment } from '@app/recipients';
import { createApp } from '../create-app';
import { buildOpenApiDocument } from './openapi-document';

/**
 * `npm run openapi [file]`: writes the OpenAPI document (default `openapi.json`) without listening, from an app built
 * on a throw-away data folder, for the typed client's generator.
 */
async function writeOpenApi(target: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-openapi-'));
  try {
    const env = loadEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' });
    const app = await createApp({ env, policy: defaultPolicy(), clock: new Clock() });
    try {
      writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const target = resolve(process.argv[2] ?? 'openapi.json');
writeOpenApi(target).then(
  () => process.stdout.write(`wrote ${target}\n`),
  (error: unknown) => {
    process.stderr.write(`openapi: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
