import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RecipientChange, SimulationReport } from '@app/replay';
import {
  byAddress,
  CLI,
  cli,
  countEvents,
  GENERATOR,
  loggedEvents,
  ok,
  parseCsv,
  plainCsvFile,
  postmarkFile,
  readModelRows,
  run,
  sendgridFile,
  sesFile,
  tempDir,
  writeFileAt,
  writePolicy,
} from './support/cli-process';
import { TEST_AUTHORIZATION, TEST_TOKEN } from './support/test-app';

type ReplayJson = SimulationReport & { changes: RecipientChange[] };

const STRICT = {
  version: 'strict-2',
  softBounce: { limit: 2, window: 'P10D', quarantineAt: 1, quarantineFor: 'PT48H' },
};

describe('the recipient-state CLI', () => {
  jest.setTimeout(120_000);

  describe('on a generated history of 2,000 recipients', () => {
    let dataDir: string;
    let generated: number;

    beforeAll(async () => {
      dataDir = tempDir();
      const result = await run(
        GENERATOR,
        ['--data-dir', dataDir, '--recipients', '2000', '--events', '20000', '--seed', '7', '--project'],
        dataDir,
      );
      expect(result.stderr).toBe('');
      generated = (JSON.parse(result.stdout) as { events: number }).events;
    });

    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('replays under the policy in force with zero changes', async () => {
      const current = writePolicy(dataDir, 'current', {});
      const report = JSON.parse(await ok(dataDir, ['replay', '--policy', current, '--format', 'json'])) as ReplayJson;
      expect(report.complete).toBe(true);
      expect(report.totals.events).toBe(generated);
      expect(report.totals.recipients).toBeGreaterThan(1900);
      expect(report.totals.changed).toBe(0);
      expect(report.totals.transitions).toEqual({});
      const threaded = JSON.parse(
        await ok(dataDir, ['replay', '--policy', current, '--format', 'json', '--workers', '2']),
      ) as ReplayJson;
      expect(threaded.engine.workers).toBe(2);
      expect(threaded.totals).toEqual(report.totals);
      expect(report.totals.candidate).toEqual(report.totals.current);
      expect(report.changes).toEqual([]);
    });

    it('reports who a stricter candidate changes: counts, matrix, examples and the full list', async () => {
      const strict = writePolicy(dataDir, 'strict', STRICT);
      const out = join(dataDir, 'changes.csv');
      const report = JSON.parse(
        await ok(dataDir, ['replay', '--policy', strict, '--format', 'json', '--out', out, '--limit', '5']),
      ) as ReplayJson;
      const { totals, matrix } = report;
      expect(totals.changed).toBeGreaterThan(0);
      const threaded = JSON.parse(
        await ok(dataDir, ['replay', '--policy', strict, '--format', 'json', '--workers', '2']),
      ) as ReplayJson;
      expect({ totals: threaded.totals, matrix: threaded.matrix }).toEqual({ totals, matrix });
      expect(Object.values(totals.transitions).reduce((sum, count) => sum + count, 0)).toBe(totals.changed);
      const offDiagonal = Object.entries(matrix).flatMap(([from, row]) =>
        Object.entries(row)
          .filter(([to]) => to !== from)
          .map(([, count]) => count),
      );
      expect(offDiagonal.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
      expect(report.changes).toHaveLength(Math.min(5, totals.changed));
      expect(report.examples.map((example) => example.kind).sort()).toEqual(Object.keys(totals.transitions).sort());
      for (const example of report.examples) {
        expect(example.explanation).toContain('default-1');
        expect(example.explanation).toContain('strict-2');
      }
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toMatch(/^address,stream_id,change,/);
      expect(lines).toHaveLength(totals.changed + 1);

      const csv = (await ok(dataDir, ['replay', '--policy', strict, '--format', 'csv'])).trim().split('\n');
      expect(csv[0]).toBe('metric,from,to,value');
      expect(csv).toContain(`changed,,,${totals.changed}`);
      const ndjson = join(dataDir, 'changes.ndjson');
      await ok(dataDir, ['replay', '--policy', strict, '--out', ndjson]);
      const listed = readFileSync(ndjson, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RecipientChange);
      expect(listed).toHaveLength(totals.changed);
      expect(listed[0]).toMatchObject({
        address: expect.any(String),
        kind: expect.any(String),
        evidence: expect.any(Array),
      });

      const table = await ok(dataDir, ['replay', '--policy', strict]);
      expect(table).toContain('Transition matrix');
      for (const kind of Object.keys(totals.transitions)) {
        expect(table).toContain(`${kind}: ${(totals.transitions[kind] ?? 0).toLocaleString('en-US')}`);
      }
    });

    it('rebuilds the read model into exactly the rows it had', async () => {
      await ok(dataDir, [
        'import',
        '--format',
        'csv',
        writeFileAt(dataDir, 'list.csv', 'address,reason,date\nrebuild@example.com,legacy,2024-01-01T00:00:00Z\n'),
      ]);
      const before = readModelRows(dataDir);
      expect(Object.values(before).some((rows) => rows.length > 1000)).toBe(true);
      await ok(dataDir, ['projections', 'rebuild', '--batch', '777']);
      expect(readModelRows(dataDir)).toEqual(before);
    });

    it('adopts a policy: re-evaluations only where the standing changes, then replay under it shows no change', async () => {
      const strict = writePolicy(dataDir, 'strict-adopt', STRICT);
      const adopted = await ok(dataDir, ['policy', 'adopt', strict, '--by', 'deliverability@company.test']);
      const reevaluated = Number(/: ([\d,]+) changed/.exec(adopted)?.[1]?.replace(/,/g, ''));
      expect(reevaluated).toBeGreaterThan(0);
      expect(await countEvents(dataDir, 'RecipientReevaluated')).toEqual({ events: reevaluated, streams: reevaluated });
      const [first] = await loggedEvents(dataDir, 'RecipientReevaluated');
      expect(first?.data.explanation).toMatch(/^Re-evaluated under policy strict-2/);

      const after = JSON.parse(await ok(dataDir, ['replay', '--policy', strict, '--format', 'json'])) as ReplayJson;
      expect(after.currentPolicy).toBe('strict-2');
      expect(after.totals.changed).toBe(0);
      const again = await ok(dataDir, ['policy', 'adopt', strict, '--by', 'deliverability@company.test']);
      expect(again).toContain(': 0 changed');

      // Rows computed before the adoption used the old window; from a rebuild on, writes and rebuilds agree again.
      await ok(dataDir, ['projections', 'rebuild']);
      const list = writeFileAt(
        dataDir,
        'after.csv',
        'address,reason,date\nafter@example.com,legacy,2024-01-01T00:00:00Z\n',
      );
      await ok(dataDir, ['import', '--format', 'csv', list]);
      const before = readModelRows(dataDir);
      await ok(dataDir, ['projections', 'rebuild']);
      expect(readModelRows(dataDir)).toEqual(before);
    });
  });

  describe('classify', () => {
    const dir = tempDir();
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('explains one reply for support', async () => {
      const text = await ok(dir, [
        'classify',
        '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      ]);
      expect(text).toMatch(/class:\s+hard/);
      expect(text).toMatch(/reason:\s+mailbox_unknown/);
      expect(text).toMatch(/counts against recipient:\s+yes/);
      expect(text).toMatch(/rule:\s+\S+/);
    });

    it('prints one JSON object, with the provider and the DSN status when given', async () => {
      const reply =
        "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).";
      const json = JSON.parse(await ok(dir, ['classify', reply, '--json', '--provider', 'ses', '--status', '5.7.1']));
      expect(json).toMatchObject({
        reason: 'reputation_block',
        countsAgainstRecipient: false,
        class: expect.any(String),
      });
    });

    it('classifies 20,000 lines from stdin in order', async () => {
      const replies = [
        ['452 4.2.2 The email account that you tried to reach is over quota.', 'mailbox_full'],
        ['550 5.1.1 The email account that you tried to reach does not exist.', 'mailbox_unknown'],
        [
          '421 4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address.',
          'rate_limited',
        ],
        [
          '450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted, see http://postgrey.example/',
          'greylisted',
        ],
      ];
      const picks = Array.from({ length: 20_000 }, (_, i) => replies[(i * 7 + (i >> 3)) % replies.length]!);
      const stdout = await ok(dir, ['classify', '--stdin'], `${picks.map(([line]) => line).join('\n')}\n`);
      const results = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { reason: string });
      expect(results.map((result) => result.reason)).toEqual(picks.map(([, reason]) => reason));
    });
  });

  describe.each([
    ['ses', 'list.json', sesFile],
    ['sendgrid', 'bounces.csv', sendgridFile],
    ['postmark', 'suppressions.json', postmarkFile],
    ['csv', 'list.csv', plainCsvFile],
  ] as const)('import --format %s and export', (format, name, build) => {
    const dir = tempDir();
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const entries = [
      { address: `one.${format}@example.com`, reason: 'BOUNCE', date: '2024-03-05T10:11:12.000Z' },
      { address: `two.${format}@example.org`, reason: 'COMPLAINT', date: '2023-12-31T23:59:59.000Z' },
      { address: `three.${format}@example.net`, reason: 'HardBounce', date: '2025-06-01T08:00:00.000Z' },
    ];

    it('imports the list with its reasons and dates, exports the same, and a second import changes nothing', async () => {
      const file = writeFileAt(dir, name, build(entries));
      expect(await ok(dir, ['import', '--format', format, file])).toContain('3 newly suppressed');
      const exported = parseCsv(await ok(dir, ['export', '--format', 'csv']));
      expect(
        exported.map(({ address, reason, date, cause }) => ({ address, reason, date, cause })).sort(byAddress),
      ).toEqual(entries.map((entry) => ({ ...entry, ...importedAs(format, entry.reason) })).sort(byAddress));
      expect(await ok(dir, ['import', '--format', format, file])).toContain('3 already imported');
      const ndjson = (await ok(dir, ['export', '--format', 'ndjson']))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { date: string });
      expect(ndjson.map((row) => row.date).sort()).toEqual(entries.map((entry) => entry.date).sort());
    });
  });

  /** SES names complaints in its list: they are imported as complaints (reason: no feedback type given). */
  function importedAs(format: string, reason: string): { cause: string; reason: string } {
    return format === 'ses' && reason === 'COMPLAINT'
      ? { cause: 'complaint', reason: 'complaint' }
      : { cause: 'imported', reason };
  }

  describe('errors', () => {
    const dir = tempDir();
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names malformed import rows by line and imports nothing', async () => {
      const file = writeFileAt(
        dir,
        'bad.csv',
        'address,reason,date\ngood@example.com,x,2024-01-01\nnot-an-address,x,2024-01-01\nalso@example.com,x,someday\n',
      );
      const result = await cli(dir, ['import', '--format', 'csv', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('bad.csv: line 3: invalid address "not-an-address"');
      expect(result.stderr).toContain('bad.csv: line 4: invalid date "someday"');
      expect(parseCsv(await ok(dir, ['export']))).toEqual([]);
    });

    it('rejects an invalid candidate policy naming its fields, and a bad environment with exit code 2', async () => {
      const policy = writePolicy(dir, 'broken', { softBounce: { limit: 0, window: 'soon' } });
      const result = await cli(dir, ['replay', '--policy', policy]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/softBounce\.limit/);
      const env = await run(CLI, ['export'], dir, undefined, { EVENT_STORE: 'nowhere' });
      expect(env.code).toBe(2);
      expect(env.stderr).toContain('EVENT_STORE');
    });
  });

  describe('serve', () => {
    /** Starts `recipient-state serve` on a fresh data folder and waits until it is healthy. */
    async function serve(dir: string): Promise<{ url: string; stop: () => Promise<unknown> }> {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
        env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', POLICY_FILE: '', BOOTSTRAP_TOKEN: TEST_TOKEN },
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const stop = () => {
        child.kill('SIGTERM');
        return exited;
      };
      const url = `http://127.0.0.1:${port}`;
      let status = 0;
      for (let attempt = 0; attempt < 200 && status !== 200 && child.exitCode === null; attempt++) {
        status = await fetch(`${url}/health`).then(
          (response) => response.status,
          () => 0,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (status !== 200) {
        await stop();
        throw new Error(`serve never became healthy (last status ${status})`);
      }
      return { url, stop };
    }

    it('starts the API', async () => {
      const dir = tempDir();
      const service = await serve(dir);
      try {
        expect((await fetch(`${service.url}/health`)).status).toBe(200);
      } finally {
        await service.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('follows a policy adopted from the command line while it runs', async () => {
      const dir = tempDir();
      const service = await serve(dir);
      try {
        const bounce = { address: 'a@example.com', occurredAt: new Date(Date.now() - 60_000).toISOString() };
        const recorded = await fetch(`${service.url}/v1/deliveries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: TEST_AUTHORIZATION },
          body: JSON.stringify(bounce),
        });
        expect(recorded.status).toBe(201);
        await ok(dir, ['policy', 'adopt', writePolicy(dir, 'strict-serve', STRICT), '--by', 'ops@company.test']);
        let version = '';
        for (let attempt = 0; attempt < 100 && version !== 'strict-2'; attempt++) {
          version = (
            (await (
              await fetch(`${service.url}/v1/policy`, { headers: { authorization: TEST_AUTHORIZATION } })
            ).json()) as { version: string }
          ).version;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(version).toBe('strict-2');
      } finally {
        await service.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
