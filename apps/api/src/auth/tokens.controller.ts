import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccessTokens, InvalidTokenRequestError } from '@app/access';
import { ProblemError } from '../http/problem-details';
import { ApiJson, ApiProblems, BODY_PROBLEMS, PATH_PROBLEMS } from '../openapi/api-responses';
import type { Actor } from './actor';
import { RequestActor } from './actor';
import { CreateTokenRequest } from './create-token.request';
import { RequireScope } from './scope.decorators';
import type { TokenResponse } from './token.responses';
import { issuedTokenResponse, TOKEN_SCHEMAS, tokenResponse } from './token.responses';

/** Token administration over HTTP, for `admin` tokens; the same operations as `recipient-state tokens`. */
@ApiTags('tokens')
@Controller('v1/tokens')
@RequireScope('admin')
export class TokensController {
  constructor(private readonly tokens: AccessTokens) {}

  @Post()
  @ApiOperation({
    operationId: 'createToken',
    summary: 'Issue a token; its secret is in this answer only',
    description:
      'The secret is kept as a SHA-256 hash and cannot be shown again. The issue is an event in its own stream.',
  })
  @ApiBody({ type: CreateTokenRequest })
  @ApiJson(201, TOKEN_SCHEMAS.issued, 'Issued; `token` is the secret to send as Authorization: Bearer')
  @ApiProblems(BODY_PROBLEMS)
  async create(@Body() request: CreateTokenRequest, @RequestActor() actor: Actor): Promise<TokenResponse> {
    try {
      const issued = await this.tokens.issue({
        name: request.name,
        owner: request.owner ?? actor.owner,
        scopes: request.scopes,
        expiresAt: request.expiresAt,
        by: actor.name,
      });
      return issuedTokenResponse(issued);
    } catch (error) {
      if (error instanceof InvalidTokenRequestError) {
        throw ProblemError.badRequest(error.message, [{ field: error.field, message: error.message }]);
      }
      throw error;
    }
  }

  @Get()
  @ApiOperation({ operationId: 'listTokens', summary: 'Every token issued, revoked and expired ones too; no secrets' })
  @ApiJson(200, TOKEN_SCHEMAS.list, 'The tokens, oldest first')
  @ApiProblems([503])
  list(): { tokens: TokenResponse[] } {
    return { tokens: this.tokens.list().map(tokenResponse) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'revokeToken',
    summary: 'Revoke a token: it is refused from now on, on every replica',
    description: 'Revoking a revoked token again answers it as it is and records nothing.',
  })
  @ApiParam({ name: 'id', description: 'The token id (not its secret)' })
  @ApiJson(200, TOKEN_SCHEMAS.token, 'The revoked token')
  @ApiProblems([...PATH_PROBLEMS, 404], { 404: 'No token has this id' })
  async revoke(@Param('id') id: string, @RequestActor() actor: Actor): Promise<TokenResponse> {
    const token = await this.tokens.revoke(id, actor.name);
    if (token === undefined) {
      throw ProblemError.notFound(`No token ${id}`, 'id');
    }
    return tokenResponse(token);
  }
}
