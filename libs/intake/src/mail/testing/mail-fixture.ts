import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'mail');

/** The bytes of one fixture under test/fixtures/mail, exactly as stored (line endings included). */
export function mailFixture(name: string): Uint8Array {
  return readFileSync(join(FIXTURES, name));
}
