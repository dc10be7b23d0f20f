import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TestResponse } from './test-app';

interface MediaType {
  schema?: object;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

/** One answer the document does not describe: an unknown route, an undocumented status, a body off its schema. */
export interface Breach {
  request: string;
  status: number;
  problem: string;
}

/**
 * Holds the service to its OpenAPI document: every answer must be a documented status of a documented operation, in
 * a documented media type, with a body its schema accepts (checked by Ajv against the document's own schemas).
 */
export class OpenApiContract {
  readonly breaches: Breach[] = [];
  /** operationId -> the statuses seen, to show which outcomes were exercised. */
  readonly seen = new Map<string, Set<number>>();
  private readonly ajv = new Ajv({ strict: false, discriminator: true, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ components: document.components }, 'openapi');
  }

  operation(method: string, path: string): { template: string; operation: Operation } | undefined {
    const bare = path.split('?')[0] ?? path;
    for (const [template, item] of Object.entries(this.document.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);
      const operation = item[method.toLowerCase()];
      if (operation !== undefined && pattern.test(bare)) {
        return { template, operation };
      }
    }
    return undefined;
  }

  /** Records what is wrong with one answer, if anything. */
  check(method: string, path: string, response: TestResponse): void {
    const request = `${method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}`;
    const breach = (problem: string) => this.breaches.push({ request, status: response.status, problem });
    const found = this.operation(method, path);
    if (found === undefined) {
      breach('no documented operation');
      return;
    }
    const { operation } = found;
    const statuses = this.seen.get(operation.operationId) ?? new Set<number>();
    statuses.add(response.status);
    this.seen.set(operation.operationId, statuses);
    const documented = operation.responses[String(response.status)];
    if (documented === undefined) {
      breach(`status not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
      return;
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const content = documented.content?.[mediaType];
    if (content === undefined) {
      breach(`media type ${mediaType} not documented for this status`);
      return;
    }
    const bodies = mediaType === 'application/x-ndjson' ? ndjsonLines(response.body) : [response.body];
    for (const body of bodies) {
      const errors = this.validate(content.schema, body);
      if (errors !== undefined) {
        breach(`body off its schema: ${errors}`);
      }
    }
  }

  private validate(schema: object | undefined, body: unknown): string | undefined {
    if (schema === undefined) {
      return undefined;
    }
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (validate === undefined) {
      // The document's references point into it (#/components/...): resolve them against the stored copy.
      validate = this.ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"openapi#/components/')) as object);
      this.validators.set(key, validate);
    }
    return validate(body) ? undefined : this.ajv.errorsText(validate.errors);
  }
}

/** The test client parsed a one-line answer as JSON already. */
function ndjsonLines(body: unknown): unknown[] {
  if (typeof body !== 'string') {
    return [body];
  }
  return body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}
