import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { defaultPolicy } from '@app/domain';
import { Clock, loadEnvironment } from '@app/recipients';
import type { RouteOptions } from 'fastify';
import { createApp } from '../create-app';

/** Routes that are not the API: Swagger UI and its document, and the console's static files. */
const NOT_THE_API = /^\/(docs|console)(\/|-|$)/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
type Document = { openapi: string; paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };

/**
 * The validator is an ES module, which Jest's CommonJS runtime cannot load: it runs in a Node process of its own,
 * reading the document on stdin and writing its verdict (validity, errors, the OpenAPI version) on stdout.
 */
const VALIDATE = `
  const { Validator } = require('@seriousme/openapi-schema-validator');
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
  });
`;

function validateOpenApi(document: object): { valid: boolean; errors?: unknown; version: string } {
  const output = execFileSync(process.execPath, ['-e', VALIDATE], {
    input: JSON.stringify(document),
    cwd: join(__dirname, '../../../..'),
  });
  return JSON.parse(output.toString('utf8')) as { valid: boolean; errors?: unknown; version: string };
}

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  const routes: string[] = [];
  let document: Document;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-openapi-'));
    const env = loadEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' });
    app = await createApp({ env, policy: defaultPolicy(), clock: new Clock() });
    const fastify = app.getHttpAdapter().getInstance();
    // Nest registers the controllers' routes on init: watch them go into Fastify's route table.
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        routes.push(`${method.toLowerCase()} ${route.url}`);
      }
    });
    await app.init();
    const answer = await fastify.inject({ method: 'GET', url: '/docs-json' });
    expect(answer.statusCode).toBe(200);
    document = answer.json<Document>();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const operations = (): [string, Operation][] =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operation = item[method];
        return operation === undefined ? [] : [[`${method} ${path}`, operation] as [string, Operation]];
      }),
    );

  it('is a valid OpenAPI 3 document', () => {
    const result = validateOpenApi(document);

    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.version).toMatch(/^3\./);
  });

  it('is found invalid by the validator when it is not (the check can fail)', () => {
    const broken = { ...document, paths: { '/v1/policy': { get: { operationId: 'x', optional: true } } } };

    expect(validateOpenApi(broken).valid).toBe(false);
  });

  it('describes every route the service registers, and only those', () => {
    const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
    // Fastify keeps a literal colon escaped (`/v1/events::batch`).
    const registered = routes
      .filter((route) => !route.startsWith('head ') && !NOT_THE_API.test(route.split(' ')[1] ?? ''))
      .map((route) => route.replaceAll('::', ':'));
    const documented = operations().map(([route]) => {
      const [method, path] = route.split(' ');
      return `${method} ${fastifyPath(path ?? '')}`;
    });

    expect([...documented].sort()).toEqual([...new Set(registered)].sort());
  });

  it('names every operation with its own camelCase operationId', () => {
    const ids = operations().map(([, operation]) => operation.operationId ?? '');

    expect(ids.filter((id) => !/^[a-z][a-zA-Z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation a success answer and every error a problem+json schema', () => {
    for (const [route, operation] of operations()) {
      const statuses = Object.keys(operation.responses);
      expect({ route, success: statuses.some((status) => /^2\d\d$/.test(status)) }).toEqual({ route, success: true });
      for (const status of statuses.filter((status) => Number(status) >= 400)) {
        expect({ route, status, content: operation.responses[status]?.content }).toEqual({
          route,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
    }
  });

  it('carries no option of the validation decorators as if it were OpenAPI', () => {
    expect(JSON.stringify(document)).not.toMatch(/"optional":/);
  });
});
