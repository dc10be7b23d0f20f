import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_STATUSES } from './api-responses';
import { COMMAND_SCHEMAS } from './command.schemas';
import { HEALTH_SCHEMAS } from './health.schemas';
import { INTAKE_SCHEMAS } from './intake.schemas';
import { POLICY_SCHEMAS } from './policy.schemas';
import { PROBLEM_SCHEMAS } from './problem.schemas';
import { READ_SCHEMAS } from './read.schemas';
import { ref } from './schema-ref';
import { CHECK_SUPPRESSION_OPERATION, CHECK_SUPPRESSION_PATH } from '../suppressions/check-suppression.route';

/** Where Swagger UI is served; the JSON document is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'docs';

/** Response schemas written by hand; request schemas come from the DTO classes' decorators. */
const RESPONSE_SCHEMAS = {
  ...PROBLEM_SCHEMAS,
  ...COMMAND_SCHEMAS,
  ...READ_SCHEMAS,
  ...INTAKE_SCHEMAS,
  ...POLICY_SCHEMAS,
  ...HEALTH_SCHEMAS,
};

/** The OpenAPI document of the app's routes, as `/docs-json` serves it and `npm run openapi` writes it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Recipient State')
      .setDescription('May I send to this address? Suppressions, audit, restorations and policy simulation.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (rs_...)' }, 'bearer')
      .build(),
  );
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(RESPONSE_SCHEMAS)) {
    if (name in schemas) {
      throw new Error(`OpenAPI: the response schema ${name} clashes with a request class of the same name`);
    }
  }
  document.components = { ...document.components, schemas: { ...schemas, ...RESPONSE_SCHEMAS } };
  // The single check is a plain Fastify route, which Nest's scan does not see.
  document.paths[CHECK_SUPPRESSION_PATH] = {
    ...document.paths[CHECK_SUPPRESSION_PATH],
    get: CHECK_SUPPRESSION_OPERATION,
  };
  documentHostRefusal(document);
  return document;
}

/** The Host check runs before routing, so every operation, /health included, may answer its 421. */
function documentHostRefusal(document: OpenAPIObject): void {
  const refusal = {
    description: PROBLEM_STATUSES[421],
    content: { 'application/problem+json': { schema: ref('Problem') } },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const operation = path[method];
      if (operation !== undefined) {
        operation.responses['421'] = refusal;
      }
    }
  }
}

/**
 * Serves Swagger UI at `/docs` and the document at `/docs-json` (and `/docs-yaml`). The document is built on the first
 * request for it and kept: scanning every route's metadata is a noticeable part of a start that most runs never need.
 */
export function serveOpenApiDocument(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app));
}
