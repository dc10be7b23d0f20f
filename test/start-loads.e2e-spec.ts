import { join } from 'node:path';
import { ROOT, run, tempDir } from './support/cli-process';

const CREATE_APP = join(ROOT, 'dist', 'apps', 'api', 'src', 'create-app.js');

/** The packages a start of the embedded service does not need, each loaded on its first use instead. */
const LOADED_ON_FIRST_USE = ['postal-mime', 'pg', '@eventstore/db-client'];
/** class-validator's index loads every rule it has; the service requires the rules it uses from their own modules. */
const CLASS_VALIDATOR_INDEX = '/node_modules/class-validator/cjs/index.js';

describe('what loading the service loads', () => {
  it('leaves out the packages only some requests or stores use', async () => {
    const directory = tempDir();
    const result = await run(
      '-e',
      [`require(${JSON.stringify(CREATE_APP)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`],
      directory,
    );
    expect(result.code).toBe(0);
    const loaded = JSON.parse(result.stdout) as string[];
    // The service itself is loaded: the list is not empty for a wrong reason.
    expect(loaded).toContain(CREATE_APP);
    expect(loaded.filter((file) => file.endsWith(CLASS_VALIDATOR_INDEX))).toEqual([]);
    expect(loaded.filter((file) => file.includes('/node_modules/libphonenumber-js/'))).toEqual([]);
    for (const name of LOADED_ON_FIRST_USE) {
      expect(loaded.filter((file) => file.includes(`/node_modules/${name}/`))).toEqual([]);
    }
  });
});
