import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OperationObject } from '@nestjs/swagger';
import type { Stores } from '@app/recipients';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PROBLEMS, BEARER_SCHEME } from '../auth/scope.decorators';
import { RequestAdmission } from '../auth/request-admission';
import { awaitReadAfter, READ_AFTER_HEADER, READ_AFTER_PARAMETER } from '../consistency/read-after.guard';
import { STORES } from '../core.module';
import { sendProblem } from '../http/problem-details.filter';
import { unstorableTextReason } from '../http/storable-text';
import { invalidRequest } from '../http/validation';
import type { ProblemStatus } from '../openapi/api-responses';
import { PATH_PROBLEMS, PROBLEM_STATUSES } from '../openapi/api-responses';
import { ref } from '../openapi/schema-ref';
import { GetSuppressionHandler } from './suppression-query.handlers';
import { GetSuppressionQuery } from './suppression-queries';
import type { SuppressionResponse } from './suppression.response';

/** The single check's route, in Fastify's syntax, and the path the OpenAPI document lists it under. */
const ROUTE = '/v1/suppressions/:address';
export const CHECK_SUPPRESSION_PATH = '/v1/suppressions/{address}';

interface AddressParams {
  address: string;
}

function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: ref('Problem') } } };
}

const PROBLEMS: Partial<Record<ProblemStatus, string>> = {
  ...Object.fromEntries(PATH_PROBLEMS.map((status) => [status, PROBLEM_STATUSES[status]])),
  ...AUTH_PROBLEMS,
};

/** The single check as the OpenAPI document lists it (the Host check's 421 is added to every operation there). */
export const CHECK_SUPPRESSION_OPERATION: OperationObject = {
  operationId: 'checkSuppression',
  summary: 'May I send to this address now?',
  tags: ['suppressions'],
  parameters: [
    {
      name: 'address',
      in: 'path',
      required: true,
      description: 'Percent-encoded',
      schema: { type: 'string', example: 'jane@example.com' },
    },
    { ...READ_AFTER_PARAMETER, in: 'header' },
  ],
  responses: {
    200: {
      description: 'The answer; an address never seen is deliverable',
      content: { 'application/json': { schema: ref('Suppression') } },
    },
    ...Object.fromEntries(Object.entries(PROBLEMS).map(([status, description]) => [status, problem(description)])),
  },
  security: [{ [BEARER_SCHEME]: [] }],
};

/**
 * `GET /v1/suppressions/:address`, the call a sender makes before every message, as a plain Fastify route beside
 * Nest's: Nest's guards, pipes and router cost a check several times what answering it does. It keeps every rule of
 * the routes Nest serves: the Host check, security headers and access line (Fastify hooks every route passes), a
 * token holding `check` and its rate limit (`RequestAdmission`, as the guard does), `Read-After`, the parameter's
 * shape check (as the validation pipe does) and problem+json for every error (`sendProblem`, as the filter does).
 */
@Injectable()
export class CheckSuppressionRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly admission: RequestAdmission,
    private readonly suppressions: GetSuppressionHandler,
    @Inject(STORES) private readonly stores: Stores,
  ) {}

  /** Registered while Nest registers its controllers' routes, so it is in the route table as theirs are. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get<{ Params: AddressParams }>(
      ROUTE,
      { errorHandler: (error, request, reply) => sendProblem(error, request, reply) },
      (request, reply) => this.check(request, reply),
    );
  }

  private async check(
    request: FastifyRequest<{ Params: AddressParams }>,
    reply: FastifyReply,
  ): Promise<SuppressionResponse> {
    await this.admission.admit(request, reply, 'check');
    const readAfter = request.headers[READ_AFTER_HEADER];
    // Most checks send no Read-After: they wait for nothing, not even a resolved promise.
    if (readAfter !== undefined) {
      await awaitReadAfter(readAfter, this.stores);
    }
    const { address } = request.params;
    // The one string the parameters hold, checked as the input-shape walk checks every string it meets.
    const unstorable = unstorableTextReason(address);
    if (unstorable !== undefined) {
      throw invalidRequest([{ field: 'address', message: unstorable }]);
    }
    return this.suppressions.execute(new GetSuppressionQuery(address));
  }
}
