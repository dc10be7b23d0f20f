import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

/** One `$ command` of the README's session and the answer shown under it, if any. */
interface SessionStep {
  command: string;
  statusLine?: string;
  body?: unknown;
}

const README = join(__dirname, '..', 'README.md');
const ELLIPSIS = '…';

/** The console block of "A session with curl": commands (indented lines continue one) and their shown answers. */
function readSession(readme: string): SessionStep[] {
  const section = readme.slice(readme.indexOf('## A session with curl'));
  const block = section.slice(section.indexOf('```console\n') + '```console\n'.length, section.indexOf('\n```\n'));
  const steps: (SessionStep & { output: string[] })[] = [];
  for (const line of block.split('\n')) {
    const step = steps[steps.length - 1];
    if (line.startsWith('$ ')) {
      steps.push({ command: line.slice(2), output: [] });
    } else if (step !== undefined && line.trim() !== '') {
      if (step.output.length === 0 && /^\s/.test(line)) {
        step.command += `\n${line}`;
      } else {
        step.output.push(line.trim());
      }
    }
  }
  return steps.map(({ command, output }) => {
    const [statusLine, ...body] = output;
    return {
      command,
      ...(statusLine === undefined ? {} : { statusLine }),
      ...(body.length === 0 ? {} : { body: JSON.parse(body.join('')) as unknown }),
    };
  });
}

/**
 * Where an actual answer differs from the one shown. Shown answers are abridged: an object names some of the fields,
 * an array ending in "…" some of the items, and `…` in a string stands for any text (an id, a time).
 */
export function differences(shown: unknown, actual: unknown, path = '$'): string[] {
  if (typeof shown === 'string' && shown.includes(ELLIPSIS)) {
    const pattern = shown.split(ELLIPSIS).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return typeof actual === 'string' && new RegExp(`^${pattern.join('.*')}$`, 's').test(actual)
      ? []
      : [`${path}: ${JSON.stringify(actual)} does not read as ${JSON.stringify(shown)}`];
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) {
      return [`${path}: not a list`];
    }
    const abridged = shown[shown.length - 1] === ELLIPSIS;
    const items = abridged ? shown.slice(0, -1) : shown;
    const length = abridged ? [] : actual.length === items.length ? [] : [`${path}: ${actual.length} items`];
    return [...length, ...items.flatMap((item, index) => differences(item, actual[index], `${path}[${index}]`))];
  }
  if (typeof shown === 'object' && shown !== null) {
    if (typeof actual !== 'object' || actual === null) {
      return [`${path}: not an object`];
    }
    return Object.entries(shown).flatMap(([key, value]) =>
      differences(value, (actual as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  return Object.is(shown, actual) ? [] : [`${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(shown)}`];
}

/** Every string field of an answer by name, so `<restorationId>` in a later command can be filled in. */
function rememberFields(value: unknown, into: Map<string, string>): void {
  if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === 'string') {
        into.set(key, field);
      }
      rememberFields(field, into);
    }
  }
}

/**
 * Runs one command as the reader would, in bash, after the session's variable assignments; asynchronously, since the
 * service answering it runs in this process.
 */
async function run(prelude: readonly string[], command: string): Promise<{ statusLine: string; body: unknown }> {
  const { stdout: output } = await promisify(execFile)('bash', ['-c', [...prelude, command].join('\n')], {
    encoding: 'utf8',
  });
  const split = output.indexOf('\r\n\r\n');
  const head = split < 0 ? output : output.slice(0, split);
  const text = split < 0 ? '' : output.slice(split + 4);
  return { statusLine: head.split('\r\n')[0] ?? '', body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe("the README's curl session", () => {
  let api: TestApp;
  const steps = readSession(readFileSync(README, 'utf8'));

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('is read as commands with the answers shown under them', () => {
    const requests = steps.filter((step) => step.command.startsWith('curl '));

    expect(requests.length).toBeGreaterThanOrEqual(10);
    expect(requests.every((step) => step.statusLine?.startsWith('HTTP/1.1 ') && step.body !== undefined)).toBe(true);
  });

  it('shows what really happens, run against a fresh service with times relative to now', async () => {
    const prelude: string[] = [];
    const fields = new Map<string, string>([['token', api.token]]);
    const found: string[] = [];
    for (const step of steps) {
      const command = step.command
        .replaceAll('localhost:3000', api.baseUrl.replace('http://', ''))
        .replace(/<(\w+)>/g, (placeholder, name: string) => fields.get(name) ?? placeholder);
      if (!command.startsWith('curl ')) {
        prelude.push(command);
        continue;
      }
      // The service's clock follows the wall clock, as `date` in the commands does.
      api.clock.set(new Date().toISOString());
      const where = step.command.split('\n')[0] ?? '';
      const answer = await run(prelude, command).catch((error: unknown) => {
        found.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
      if (answer === undefined) {
        break;
      }
      rememberFields(answer.body, fields);
      if (answer.statusLine !== step.statusLine) {
        found.push(`${where}: ${answer.statusLine} instead of ${step.statusLine}`);
      }
      found.push(...differences(step.body, answer.body).map((difference) => `${where}: ${difference}`));
    }

    expect(found).toEqual([]);
  });

  it('tells a shown answer that differs from the actual one (the check can fail)', () => {
    expect(differences({ status: 'quarantined', until: '…' }, { status: 'quarantined', until: 'x' })).toEqual([]);
    expect(differences({ explanation: 'Quarantined until …; policy' }, { explanation: 'Suppressed' })).toHaveLength(1);
    expect(differences({ items: [{ a: 1 }] }, { items: [{ a: 1 }, { a: 2 }] })).toHaveLength(1);
    expect(differences({ items: [{ a: 1 }, '…'] }, { items: [{ a: 1 }, { a: 2 }] })).toEqual([]);
    expect(differences({ suppressed: true }, { suppressed: false })).toHaveLength(1);
  });
});
