import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Scope } from '@app/access';
import { ApiProblems } from '../openapi/api-responses';

export const REQUIRED_SCOPE = 'access:required-scope';
export const PUBLIC_ROUTE = 'access:public';
export const OPEN_ON_LOOPBACK = 'access:open-on-loopback';
/** The name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/** What a route that takes a token may answer for it. */
export const AUTH_PROBLEMS = {
  401: 'No bearer token, or one that is malformed, unknown, expired or revoked (see WWW-Authenticate)',
  403: "The token does not hold this operation's scope, or acts in the name of someone else without admin",
  429: 'Too many requests for this token and scope; retry after Retry-After seconds. Nothing was recorded',
} as const;

/** The route takes a bearer token holding `scope` (on a controller: every route of it that declares nothing else). */
export function RequireScope(scope: Scope) {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiBearerAuth(BEARER_SCHEME),
    ApiProblems([401, 403, 429], AUTH_PROBLEMS),
  );
}

/** Open to anyone: health probes, and webhooks, which prove themselves with their provider's secret instead. */
export function Public() {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/** Open while the service is bound to loopback; otherwise it takes a token holding `scope`. */
export function OpenOnLoopback(scope: Scope) {
  return applyDecorators(SetMetadata(OPEN_ON_LOOPBACK, true), RequireScope(scope));
}
