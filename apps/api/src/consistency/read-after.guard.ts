import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { applyDecorators, Inject, Injectable, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Stores } from '@app/recipients';
import { STORES } from '../core.module';
import { ProblemError } from '../http/problem-details';

export const READ_AFTER_HEADER = 'read-after';
/** How long a query waits for the read model before answering 503; a healthy projector needs milliseconds. */
export const READ_AFTER_TIMEOUT_MS = 2_000;
const POSITION = /^[0-9]{1,20}$/;

/**
 * Read-your-writes for queries the read model answers. `Read-After: head` waits until the read model has applied
 * every event in the log when the query arrived, so a write acknowledged before the query is seen, on any replica;
 * `Read-After: <position>` waits for that log position. Bounded: past READ_AFTER_TIMEOUT_MS the answer is a 503
 * problem rather than a stale one. Without the header a query reads at once; in embedded mode the read model is
 * written inside the append, so there is nothing to wait for.
 */
@Injectable()
export class ReadAfterGuard implements CanActivate {
  constructor(@Inject(STORES) private readonly stores: Stores) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await awaitReadAfter(context.switchToHttp().getRequest<FastifyRequest>().headers[READ_AFTER_HEADER], this.stores);
    return true;
  }
}

/** Waits as a `Read-After` header asks (nothing to wait for without one); a 400 or 503 problem otherwise. */
export async function awaitReadAfter(header: string | string[] | undefined, stores: Stores): Promise<void> {
  if (header === undefined) {
    return;
  }
  if (typeof header !== 'string' || (header !== 'head' && !POSITION.test(header))) {
    throw ProblemError.badRequest('Read-After must be `head` or a log position (a whole number)', [
      { field: 'Read-After', message: 'must be `head` or a log position' },
    ]);
  }
  const { barrier } = stores;
  if (barrier === undefined) {
    return;
  }
  const position = header === 'head' ? await barrier.head() : BigInt(header);
  if (position === undefined) {
    throw ProblemError.badRequest('This event store cannot tell its head: Read-After needs a log position', [
      { field: 'Read-After', message: 'must be a log position with this event store' },
    ]);
  }
  if (!(await barrier.passed(position, READ_AFTER_TIMEOUT_MS))) {
    throw new ProblemError(
      503,
      'Service Unavailable',
      `The read model has not applied the log through position ${position} within ${READ_AFTER_TIMEOUT_MS} ms`,
    );
  }
}

/** How the `Read-After` header is documented on every query that takes it. */
export const READ_AFTER_PARAMETER = {
  name: 'Read-After',
  required: false,
  description:
    '`head`: answer only once the read model has applied every event logged when this query arrived (so it ' +
    `sees every write acknowledged before it); a log position: once it has applied that one. Waits at most ` +
    `${READ_AFTER_TIMEOUT_MS} ms, then answers 503.`,
  schema: { type: 'string' as const, pattern: '^(head|[0-9]{1,20})$' },
};

/** On a query the read model answers: it accepts `Read-After`, documented as such. */
export function ReadAfter(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(ReadAfterGuard), ApiHeader(READ_AFTER_PARAMETER));
}
