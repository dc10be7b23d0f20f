import { rmSync } from 'node:fs';
import { AccessTokens } from '@app/access';
import { createSqliteEventStore } from '@app/event-store';
import { join } from 'node:path';
import { EMBEDDED_DATABASE_FILE } from '@app/recipients';
import { cli, ok, tempDir } from './support/cli-process';

// Each command is a process of its own, starting Node and opening the store.
jest.setTimeout(60_000);

describe('recipient-state tokens', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The tokens as the service would read them from the log. */
  async function authenticate(secret: string) {
    const store = createSqliteEventStore({ path: join(dir, EMBEDDED_DATABASE_FILE), readOnly: true });
    try {
      const tokens = new AccessTokens({ store, now: () => Date.now() });
      await tokens.load();
      return await tokens.authenticate(secret);
    } finally {
      await store.close();
    }
  }

  it('creates a token, prints its secret once, lists it without the secret and revokes it', async () => {
    const secret = (
      await ok(dir, ['tokens', 'create', '--name', 'mta-eu-1', '--owner', 'mail team', '--scope', 'ingest', 'check'])
    ).trim();
    expect(secret).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    expect(await authenticate(secret)).toMatchObject({
      ok: true,
      token: { name: 'mta-eu-1', owner: 'mail team', scopes: ['check', 'ingest'], issuedBy: 'cli' },
    });

    const listed = await ok(dir, ['tokens', 'list']);
    expect(listed).not.toContain(secret);
    const row = listed.split('\n').find((line) => line.includes('mta-eu-1'));
    expect(row?.split('\t').slice(1)).toEqual(['mta-eu-1', 'mail team', 'check,ingest', '-', '-']);

    const id = row!.split('\t')[0]!;
    expect(await ok(dir, ['tokens', 'revoke', id])).toContain(`Revoked token ${id}`);
    expect(await authenticate(secret)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses an unknown scope, naming the option, and an unknown id', async () => {
    const scope = await cli(dir, ['tokens', 'create', '--name', 'x', '--owner', 'y', '--scope', 'root']);
    expect(scope.code).toBe(1);
    expect(scope.stderr).toMatch(/^error: --scope: unknown root/);
    const revoke = await cli(dir, ['tokens', 'revoke', '00000000-0000-4000-8000-000000000000']);
    expect(revoke.code).toBe(1);
    expect(revoke.stderr).toContain('No token has the id 00000000-0000-4000-8000-000000000000');
  });
});
