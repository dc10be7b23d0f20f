import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repositoryRoot = join(__dirname, '..', '..', '..');
// The built generator (npm run build): openapi-typescript loads ES modules, which run in their own process.
const generator = join(repositoryRoot, 'dist', 'libs', 'client', 'codegen', 'generate-client-types.js');

describe("the client's generated types", () => {
  it("are what the built service's OpenAPI document generates", () => {
    const check = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8', timeout: 90_000 });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 120_000);
});
