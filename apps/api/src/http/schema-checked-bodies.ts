import type { FastifyInstance, preHandlerHookHandler } from 'fastify';

/** Bodies the compiled schema of their route accepted: the validation pipe need not run class-validator on them. */
const accepted = new WeakSet<object>();

/**
 * Ajv as route body schemas need it: nothing coerced, removed or defaulted, so a body the schema accepts is the body
 * as sent, and one with an unknown field is refused (for class-validator to name it) rather than trimmed. Patterns
 * compile without the `u` flag, as class-validator's `@Matches` RegExp runs. The schemas are not checked against
 * JSON Schema's meta-schema as they compile: compiling that meta-schema is most of the validators' cost at start,
 * and the route schemas are fixed at build time, so their spec checks them against it once.
 */
export const BODY_SCHEMA_AJV = {
  customOptions: {
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: false,
    unicodeRegExp: false,
    validateSchema: false,
  },
};

const markAccepted: preHandlerHookHandler = (request, _reply, done) => {
  if (request.validationError === undefined && typeof request.body === 'object' && request.body !== null) {
    accepted.add(request.body);
  }
  done();
};

/**
 * Routes with a body schema check bodies with Fastify's compiled validator but do not answer a refused one
 * themselves (`attachValidation`): the pipe's class-validator pass does, naming the fields as on every other route.
 */
export function checkBodiesBySchema(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (route.schema?.body === undefined) {
      return;
    }
    route.attachValidation = true;
    const existing = route.preHandler === undefined ? [] : [route.preHandler].flat();
    route.preHandler = [...existing, markAccepted];
  });
}

export function acceptedBySchema(body: unknown): boolean {
  return typeof body === 'object' && body !== null && accepted.has(body);
}
