import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from './support/cli-process';
import { cli, ROOT, tempDir } from './support/cli-process';
import { ControllableClock } from './support/controllable-clock';
import type { TestApp, TestResponse } from './support/test-app';
import { startTestApp } from './support/test-app';

/** Raw bounce mail end to end: over HTTP (`POST /v1/inbound/mail`) and from the command line (`mail`, `classify`). */

const FIXTURES = join(ROOT, 'test', 'fixtures', 'mail');
const fixture = (name: string): string => join(FIXTURES, name);
const MAIL_LIMIT = 64 * 1024;

describe('POST /v1/inbound/mail', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(
      { INBOUND_MAIL_LIMIT_BYTES: String(MAIL_LIMIT) },
      { clock: new ControllableClock(Date.parse('2026-03-01T12:00:00Z')) },
    );
  });

  afterAll(() => app.close());

  async function postMail(name: string): Promise<TestResponse> {
    const response = await fetch(`${app.baseUrl}/v1/inbound/mail`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${app.token}` },
      body: readFileSync(fixture(name)),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  const results = (response: TestResponse) =>
    (response.body.results as { result: string; address?: string; kind?: string; reason?: string }[]).map(
      ({ result, address, kind, reason }) => ({ result, address, kind, reason }),
    );

  it('records the recipient of a DSN, and the same mail again is a duplicate', async () => {
    const first = await postMail('rfc3464-postfix-user-unknown.eml');
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      expect.objectContaining({ result: 'recorded', kind: 'bounce', status: 'suppressed', suppressed: true }),
    ]);
    const again = await postMail('rfc3464-postfix-user-unknown.eml');
    expect(again.body.results[0]).toMatchObject({ result: 'duplicate', eventId: first.body.results[0].eventId });
    // Recorded in the name of the token the mail came with.
    const { address } = first.body.results[0];
    const history = await app.request('GET', `/v1/recipients/${encodeURIComponent(address)}/history`);
    expect(history.body.events[0].actor).toMatchObject({ name: 'bootstrap', owner: 'bootstrap' });
  });

  it('answers per recipient of a multi-recipient report, in its order, the delayed one ignored', async () => {
    const answer = await postMail('rfc3464-multi-recipient.eml');
    expect(results(answer)).toEqual([
      { result: 'recorded', address: 'ann@example.org', kind: 'bounce', reason: undefined },
      { result: 'recorded', address: 'bob@example.net', kind: 'bounce', reason: undefined },
      { result: 'ignored', address: 'carol@example.org', kind: undefined, reason: 'delivery_delay' },
    ]);
    expect((await app.request('GET', '/v1/recipients/carol@example.org/history')).status).toBe(404);
  });

  it('records nothing for a delay notice', async () => {
    const answer = await postMail('rfc3464-delayed.eml');
    expect(results(answer)).toEqual([
      { result: 'ignored', address: 'jane@example.org', kind: undefined, reason: 'delivery_delay' },
    ]);
    expect((await app.request('GET', '/v1/recipients/jane@example.org/history')).status).toBe(404);
  });

  it('suppresses the recipient of an ARF complaint with cause complaint', async () => {
    const answer = await postMail('arf-abuse.eml');
    expect(answer.body.results).toEqual([
      expect.objectContaining({ result: 'recorded', kind: 'complaint', address: 'ida@isp.example.net' }),
    ]);
    const suppression = await app.request('GET', '/v1/suppressions/ida@isp.example.net');
    expect(suppression.body).toMatchObject({ suppressed: true, cause: 'complaint' });
  });

  it('ignores an auto-reply', async () => {
    const answer = await postMail('auto-reply-rfc3834.eml');
    expect(results(answer)).toEqual([
      { result: 'ignored', address: 'fay@example.org', kind: undefined, reason: 'auto_reply' },
    ]);
  });

  it('answers 200 with one invalid result for a mail that reports nothing', async () => {
    const answer = await postMail('broken-ordinary-mail.eml');
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([expect.objectContaining({ result: 'invalid', field: 'mail' })]);
    expect(answer.body.error).toEqual(expect.any(String));
  });

  it('refuses a mail over the size limit, and any other media type', async () => {
    const large = await fetch(`${app.baseUrl}/v1/inbound/mail`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${app.token}` },
      body: `Subject: big\r\n\r\n${'x'.repeat(MAIL_LIMIT + 1)}`,
    });
    expect(large.status).toBe(413);
    expect(large.headers.get('content-type')).toContain('application/problem+json');
    const json = await app.request('POST', '/v1/inbound/mail', { mail: 'no' });
    expect(json.status).toBe(415);
    expect(json.body.errors).toEqual([expect.objectContaining({ field: 'content-type' })]);
    const elsewhere = await fetch(`${app.baseUrl}/v1/bounces`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${app.token}` },
      body: 'Subject: x\r\n\r\nx',
    });
    expect(elsewhere.status).toBe(415);
  });
});

describe('recipient-state mail and classify --mail', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = tempDir();
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const expectSuccess = (run: Run): string => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    return run.stdout;
  };

  it('records the messages of a maildir and an .eml file; reading them again records nothing new', async () => {
    const maildir = join(dataDir, 'Bounces');
    for (const folder of ['cur', 'new', 'tmp']) {
      mkdirSync(join(maildir, folder), { recursive: true });
    }
    writeFileSync(join(maildir, 'new', '1.host'), readFileSync(fixture('rfc3464-multi-recipient.eml')));
    writeFileSync(join(maildir, 'cur', '2.host:2,S'), readFileSync(fixture('auto-reply-rfc3834.eml')));
    const args = ['mail', maildir, fixture('arf-abuse.eml')];
    expect(expectSuccess(await cli(dataDir, args))).toBe(
      'Read 3 messages: 3 recorded, 0 already recorded, 2 ignored, 0 invalid.\n',
    );
    expect(expectSuccess(await cli(dataDir, args))).toBe(
      'Read 3 messages: 0 recorded, 3 already recorded, 2 ignored, 0 invalid.\n',
    );
  });

  it('reads one message from standard input and every message of an mbox file', async () => {
    const stdin = await cli(dataDir, ['mail'], readFileSync(fixture('exim.eml'), 'latin1'));
    expect(expectSuccess(stdin)).toMatch(/^Read 1 message: 1 recorded/);
    const mbox = join(dataDir, 'bounces.mbox');
    const messages = ['rfc3464-postfix-user-unknown.eml', 'gmail.eml'].map((name) =>
      readFileSync(fixture(name), 'latin1'),
    );
    writeFileSync(
      mbox,
      messages.map((text) => `From MAILER-DAEMON Sun Mar  1 12:00:00 2026\n${text}\n`).join(''),
      'latin1',
    );
    expect(expectSuccess(await cli(dataDir, ['mail', mbox]))).toMatch(/^Read 2 messages: 2 recorded/);
  });

  it('reports unreadable mail and paths, and exits 1 when a path cannot be read', async () => {
    const run = await cli(dataDir, ['mail', fixture('broken-not-a-mail.eml'), join(dataDir, 'missing.eml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'Read 1 message (1 paths unreadable): 0 recorded, 0 already recorded, 0 ignored, 1 invalid.\n',
    );
    expect(run.stderr).toContain('broken-not-a-mail.eml: mail: the mail has no header fields');
    expect(run.stderr).toContain('missing.eml: cannot be read');
  });

  it('classify --mail --json prints one line per recipient, in the order the mail lists them', async () => {
    const files = ['rfc3464-multi-recipient.eml', 'arf-abuse.eml', 'broken-not-a-mail.eml'].map(fixture);
    const lines = expectSuccess(await cli(dataDir, ['classify', '--mail', ...files, '--json']))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        file: files[0],
        address: 'ann@example.org',
        kind: 'bounce',
        class: 'hard',
        reason: 'mailbox_unknown',
        countsAgainstRecipient: true,
        rule: expect.any(String),
        status: '5.1.1',
        diagnostic: expect.stringContaining('User unknown'),
      }),
      expect.objectContaining({ address: 'bob@example.net', kind: 'bounce', status: '5.2.2' }),
      expect.objectContaining({ address: 'carol@example.org', kind: 'delay', status: '4.4.1' }),
      expect.objectContaining({ file: files[1], address: 'ida@isp.example.net', kind: 'complaint' }),
      { file: files[2], error: 'the mail has no header fields' },
    ]);
    expect(lines[2]).not.toHaveProperty('class');
    expect(lines[3]).not.toHaveProperty('class');
  });

  it('classify --mail refuses --stdin beside it', async () => {
    const run = await cli(dataDir, ['classify', '--stdin', '--mail', fixture('gmail.eml')], '550 5.1.1 unknown\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--mail takes mail files only');
  });

  it('classify --mail prints a readable line per recipient', async () => {
    const out = expectSuccess(await cli(dataDir, ['classify', '--mail', fixture('auto-reply-rfc3834.eml')]));
    expect(out).toBe(`${fixture('auto-reply-rfc3834.eml')}: fay@example.org auto-reply\n`);
  });
});
