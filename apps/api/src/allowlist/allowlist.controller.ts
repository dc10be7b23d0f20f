import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AllowlistEntry } from '@app/domain';
import type { AllowlistOutcome } from '@app/recipients';
import { AllowlistRegistry } from '@app/recipients';
import type { Actor } from '../auth/actor';
import { RequestActor } from '../auth/actor';
import { RequireScope } from '../auth/scope.decorators';
import { ProblemError } from '../http/problem-details';
import { ApiJson, ApiProblems, BODY_PROBLEMS } from '../openapi/api-responses';
import type { SchemaObject } from '../openapi/schema-ref';
import { closedObject, DATE_TIME, TEXT } from '../openapi/schema-ref';
import { AllowlistEntryRequest } from './allowlist-entry.request';

const ENTRY_SCHEMA: SchemaObject = closedObject(
  { entry: TEXT, kind: { type: 'string', enum: ['address', 'domain'] }, by: TEXT, reason: TEXT, since: DATE_TIME },
  ['entry', 'kind', 'by', 'reason', 'since'],
);

/**
 * The allowlist. Reading it takes `support`; changing it takes `admin`, since an entry overrides every suppression,
 * complaints included.
 */
@ApiTags('allowlist')
@Controller('v1/allowlist')
export class AllowlistController {
  constructor(private readonly allowlist: AllowlistRegistry) {}

  @Get()
  @RequireScope('support')
  @ApiOperation({ operationId: 'listAllowlist', summary: 'Addresses and domains that are never suppressed' })
  @ApiJson(
    200,
    { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ENTRY_SCHEMA } } },
    'Every entry, by entry',
  )
  @ApiProblems([503])
  list(): { items: AllowlistEntry[] } {
    return { items: this.allowlist.list() };
  }

  @Post()
  @RequireScope('admin')
  @ApiOperation({
    operationId: 'addAllowlistEntry',
    summary: 'Allowlist an address or a domain: checks answer deliverable, with allowlisted true',
    description: 'Bounces and complaints for it are still recorded and explained. Adding an entry again is 200.',
  })
  @ApiBody({ type: AllowlistEntryRequest })
  @ApiJson(201, ENTRY_SCHEMA, 'Added')
  @ApiJson(200, ENTRY_SCHEMA, 'Already on the allowlist: nothing recorded')
  @ApiProblems(BODY_PROBLEMS)
  async add(
    @Body() request: AllowlistEntryRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestActor() actor: Actor,
  ): Promise<AllowlistEntry> {
    const outcome = answered(await this.allowlist.add(request, actor));
    void reply.status(outcome.outcome === 'added' ? 201 : 200);
    return outcome.entry;
  }

  @Delete()
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({ operationId: 'removeAllowlistEntry', summary: 'Take an address or a domain off the allowlist' })
  @ApiBody({ type: AllowlistEntryRequest })
  @ApiJson(200, ENTRY_SCHEMA, 'Removed: the entry as it was')
  @ApiProblems([...BODY_PROBLEMS, 404])
  async remove(@Body() request: AllowlistEntryRequest, @RequestActor() actor: Actor): Promise<AllowlistEntry> {
    return answered(await this.allowlist.remove(request, actor)).entry;
  }
}

function answered(outcome: AllowlistOutcome): { outcome: string; entry: AllowlistEntry } {
  if (outcome.outcome === 'rejected') {
    const errors = [{ field: outcome.field, message: outcome.message }];
    throw outcome.code === 'not_found'
      ? ProblemError.notFound(outcome.message, outcome.field)
      : ProblemError.badRequest(outcome.message, errors);
  }
  if (outcome.entry === undefined) {
    throw new Error(`The allowlist answered ${outcome.outcome} without its entry`);
  }
  return { outcome: outcome.outcome, entry: outcome.entry };
}
