import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Scope } from '@app/access';
import type { Environment } from '@app/recipients';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ENVIRONMENT } from '../stores/tokens';
import { rateLimits } from './rate-limits';

const WINDOW_MS = 60_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Per-token limits with @fastify/rate-limit, one counter per token and scope. The guard asks before the handler
 * runs, so a refused request never reaches a command: nothing acknowledged is ever dropped.
 */
@Injectable()
export class RateLimiter {
  private readonly limits: Record<Scope, number>;
  private readonly limiters = new Map<Scope, Limiter>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ENVIRONMENT) env: Environment,
  ) {
    this.limits = rateLimits(env.RATE_LIMITS_PER_MINUTE);
  }

  /** Whether the scope has a limit at all: admission skips asking (and awaiting) the limiter when it has none. */
  hasLimit(scope: Scope): boolean {
    return this.limits[scope] !== 0;
  }

  /** Seconds to wait when the request's token is over its limit for the scope; undefined when the request may go on. */
  async retryAfter(request: FastifyRequest, scope: Scope): Promise<number | undefined> {
    const outcome = await this.limiterFor(scope)?.(request);
    if (outcome === undefined || outcome.isAllowed || !outcome.isExceeded) {
      return undefined;
    }
    return Math.max(1, outcome.ttlInSeconds);
  }

  private limiterFor(scope: Scope): Limiter | undefined {
    const max = this.limits[scope];
    if (max === 0) {
      return undefined;
    }
    let limiter = this.limiters.get(scope);
    if (limiter === undefined) {
      const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
      limiter = fastify.createRateLimit({
        max,
        timeWindow: WINDOW_MS,
        // The guard has authenticated the request by now: the key is the token, never the caller's address.
        keyGenerator: (request) => `${request.actor?.tokenId ?? 'anonymous'}:${scope}`,
      });
      this.limiters.set(scope, limiter);
    }
    return limiter;
  }
}
