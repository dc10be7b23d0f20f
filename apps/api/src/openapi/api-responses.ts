import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from './schema-ref';
import { ref } from './schema-ref';

/** The error statuses the service answers, always as application/problem+json. */
export const PROBLEM_STATUSES = {
  400: 'A field, parameter or the body is invalid (every field at fault is named in `errors`)',
  401:
    'No valid bearer token (missing, malformed, unknown, expired or revoked), or a webhook request without a valid, ' +
    'fresh signature; nothing was recorded',
  403: "The token lacks this route's scope or may not act for `by`, or a webhook's credentials are not this service's; nothing was recorded",
  404: 'Nothing is known under this name',
  409: 'Conflicts with what is recorded (the same eventId with another payload, a restoration reverted otherwise)',
  413: 'The body is larger than BODY_LIMIT_BYTES',
  414: 'A path parameter is longer than any valid value',
  415: 'The body is not of a media type this operation takes',
  421: 'The Host header names none of ALLOWED_HOSTS (a loopback service answers only its own names); nothing was done',
  429: 'Too many requests for this token; retry after Retry-After seconds. Nothing was recorded',
  503: 'A store is unavailable or too contended; nothing was recorded, unless the detail says the write may have been: then resend it unchanged. Retry (see Retry-After)',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_STATUSES;

/** Problems every operation can answer for its shape: a bad URL, a body, a path parameter, the stores. */
export const QUERY_PROBLEMS: ProblemStatus[] = [400, 503];
export const PATH_PROBLEMS: ProblemStatus[] = [400, 414, 503];
export const BODY_PROBLEMS: ProblemStatus[] = [400, 413, 415, 503];

export function ApiProblems(
  statuses: readonly ProblemStatus[],
  descriptions: Partial<Record<ProblemStatus, string>> = {},
) {
  return applyDecorators(
    ...[...new Set(statuses)].map((status) =>
      ApiResponse({
        status,
        description: descriptions[status] ?? PROBLEM_STATUSES[status],
        content: { 'application/problem+json': { schema: ref('Problem') } },
      }),
    ),
  );
}

/** A JSON answer whose schema is a component (by name) or written out, with the headers it documents. */
export function ApiJson(
  status: number,
  schema: string | SchemaObject | ReferenceObject,
  description: string,
  headers?: Record<string, { description: string; schema: SchemaObject }>,
) {
  return ApiResponse({
    status,
    description,
    ...(headers === undefined ? {} : { headers }),
    content: { 'application/json': { schema: typeof schema === 'string' ? ref(schema) : schema } },
  });
}

/** The answer's `position` again, as a header. */
const POSITION_HEADER = {
  'Recipient-State-Position': {
    description: 'The log position of the answer (its `position`), to send on as `Read-After`',
    schema: { type: 'string', pattern: '^[0-9]{1,20}$' },
  },
};

/** What a recipient command answers: 201 when it recorded an event, 200 for a repeat that appended nothing. */
export function ApiCommandResponses(
  extra: readonly ProblemStatus[] = [],
  notes: { created?: string; ok?: string; problems?: Partial<Record<ProblemStatus, string>> } = {},
) {
  return applyDecorators(
    ApiJson(201, 'CommandResponse', notes.created ?? 'Recorded; the recipient status it leads to', POSITION_HEADER),
    ApiJson(
      200,
      'CommandResponse',
      notes.ok ?? 'The same event again (same eventId and payload): nothing appended, the original eventId',
      POSITION_HEADER,
    ),
    ApiProblems([...BODY_PROBLEMS, 409, ...extra], notes.problems),
  );
}
