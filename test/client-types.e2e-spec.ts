import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The built generator (npm run build), run as a program: openapi-typescript loads ES modules, which need a process
// of their own.
const generator = join(__dirname, '..', 'dist', 'libs', 'client', 'codegen', 'generate-client-types.js');

describe("the client's generated types", () => {
  it("are what the built service's OpenAPI document generates (else: npm run build && npm run client:generate)", () => {
    const check = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8', timeout: 90_000 });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 120_000);
});
