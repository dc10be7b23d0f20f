import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_DOCUMENT } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import type { ReadModelRows } from '@app/read-model';
import { sqliteReadModelRows } from '@app/read-model';
import { EMBEDDED_DATABASE_FILE } from '@app/recipients';

/** The CLI as users run it: the compiled entry point (`npm run build` runs before this tier), as a child process. */
export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
export const GENERATOR = join(ROOT, 'dist', 'bench', 'generate-history.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  file: string,
  args: string[],
  dataDir: string,
  input?: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      cwd: dataDir,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_FILE: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export const cli = (dataDir: string, args: string[], input?: string): Promise<Run> => run(CLI, args, dataDir, input);

export async function ok(dataDir: string, args: string[], input?: string): Promise<string> {
  const result = await cli(dataDir, args, input);
  if (result.code !== 0) {
    throw new Error(
      `recipient-state ${args.join(' ')} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`,
    );
  }
  return result.stdout;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'recipient-state-cli-'));
}

export function writePolicy(dir: string, name: string, changes: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...DEFAULT_POLICY_DOCUMENT, ...changes }));
  return path;
}

/**
 * Every row of the embedded read model's tables, in a stable order, to compare two builds of it. The checkpoint is
 * left out: it says how far a build read, not what it holds.
 */
export function readModelRows(dataDir: string): ReadModelRows {
  const { projection_checkpoints: _checkpoints, ...rows } = sqliteReadModelRows(join(dataDir, EMBEDDED_DATABASE_FILE));
  return rows;
}

/** The embedded log's events of one type, in log order, read through a read-only store of their own. */
export async function loggedEvents(dataDir: string, type: string): Promise<RecordedEvent[]> {
  const store = createSqliteEventStore({ path: join(dataDir, EMBEDDED_DATABASE_FILE), readOnly: true });
  try {
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll()) {
      if (event.type === type) {
        events.push(event);
      }
    }
    return events;
  } finally {
    await store.close();
  }
}

export async function countEvents(dataDir: string, type: string): Promise<{ events: number; streams: number }> {
  const events = await loggedEvents(dataDir, type);
  return { events: events.length, streams: new Set(events.map((event) => event.streamId)).size };
}

export function writeFileAt(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trim().split('\n');
  const columns = (header ?? '').split(',');
  return rows
    .filter((row) => row !== '')
    .map(
      (row) =>
        Object.fromEntries(row.split(',').map((value, i) => [columns[i] ?? '', value])) as Record<string, string>,
    );
}

export function byAddress(a: { address?: string }, b: { address?: string }): number {
  return (a.address ?? '').localeCompare(b.address ?? '');
}

export type Entry = { address: string; reason: string; date: string };

export function sesFile(entries: Entry[]): string {
  return JSON.stringify(
    {
      SuppressedDestinationSummaries: entries.map((e) => ({
        EmailAddress: e.address,
        Reason: e.reason,
        LastUpdateTime: e.date.replace('Z', '+00:00'),
      })),
    },
    null,
    2,
  );
}

export function sendgridFile(entries: Entry[]): string {
  const rows = entries.map((e) => `${e.address},${Date.parse(e.date) / 1000},"${e.reason}",5.1.1`);
  return ['email,created,reason,status', ...rows].join('\n');
}

export function postmarkFile(entries: Entry[]): string {
  return JSON.stringify({
    Suppressions: entries.map((e) => ({
      EmailAddress: e.address,
      SuppressionReason: e.reason,
      Origin: 'Recipient',
      CreatedAt: e.date,
    })),
  });
}

export function plainCsvFile(entries: Entry[]): string {
  return ['address,reason,date', ...entries.map((e) => `${e.address},${e.reason},${e.date}`)].join('\n');
}
