import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ok, plainCsvFile, readModelRows, tempDir, writeFileAt } from './support/cli-process';

// Each command is a process of its own, starting Node and opening the store.
jest.setTimeout(60_000);

const ERASED = 'jane.doe@example.org';

function filesHolding(directory: string, text: string): string[] {
  return readdirSync(directory).filter((name) => readFileSync(join(directory, name)).includes(Buffer.from(text)));
}

describe('recipient-state erase and allowlist', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('erases an imported suppression, keeping it on the do-not-send list, and leaves the address in no file', async () => {
    const list = writeFileAt(
      dir,
      'list.csv',
      plainCsvFile([{ address: ERASED, reason: 'bounced', date: '2026-01-05' }]),
    );
    await ok(dir, ['import', '--format', 'csv', list]);
    rmSync(list);

    const erased = await ok(dir, [
      'erase',
      'Jane.Doe@Example.org',
      '--by',
      'privacy-officer',
      '--reason',
      'GDPR art. 17',
    ]);

    expect(erased).toMatch(/^Erased 2 events \(erasure [0-9a-f-]{36}\); kept on the do-not-send list\.\n$/);
    expect(filesHolding(dir, ERASED)).toEqual([]);
    expect(readModelRows(dir)).toEqual({ recipient_status: [], restorations: [] });
  });

  it('refuses an erasure of something that is not an address, naming it', async () => {
    const refused = await cli(dir, ['erase', 'not-an-address', '--by', 'dpo', '--reason', 'r']);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: <address>: /);
  });

  it('adds, lists and removes allowlist entries, and refuses a removal of one it does not hold', async () => {
    expect(await ok(dir, ['allowlist', 'add', 'Company.Example', '--by', 'postmaster', '--reason', 'own domain'])).toBe(
      'Added company.example.\n',
    );
    expect(await ok(dir, ['allowlist', 'list'])).toMatch(
      /^entry\tkind\tby\treason\tsince\ncompany\.example\tdomain\tpostmaster\town domain\t\d{4}-\d\d-\d\dT[\d:.]+Z\n$/,
    );
    expect(await ok(dir, ['allowlist', 'remove', 'company.example', '--by', 'postmaster', '--reason', 'sold'])).toBe(
      'Removed company.example.\n',
    );

    const again = await cli(dir, ['allowlist', 'remove', 'company.example', '--by', 'postmaster', '--reason', 'sold']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: <entry>: company.example is not on the allowlist\n');
  });
});
