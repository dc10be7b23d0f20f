import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { errorCodes } from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BULK_CHECK } from '../suppressions/check-suppressions.request';
import { MAX_INPUT_DEPTH } from './input-shape';
import type { BodyBounds } from './json-bounds-scanner';
import { JsonBoundsScanner } from './json-bounds-scanner';
import type { FieldProblem } from './problem-details';
import { ProblemError } from './problem-details';

/**
 * Far above any valid request (a full batch of 1,000 items with every field is about 15,000 entries) and far below
 * what makes parsing and class-transformer slow: it removes duplicate keys with `indexOf`, quadratic in an object's
 * key count.
 */
export const BODY_BOUNDS: BodyBounds = {
  depth: MAX_INPUT_DEPTH,
  keysPerObject: 1_000,
  itemsPerArray: MAX_BULK_CHECK,
  entries: 25_000,
};

/** A body past its bounds: a 400 naming where (Nest passes it to the problem-details filter as it is). */
class BodyOutOfBoundsError extends ProblemError {
  readonly statusCode = 400;

  constructor(fault: FieldProblem) {
    super(400, 'Bad Request', `Invalid request: ${fault.field} ${fault.message}`, [fault]);
  }
}

/** Fastify's own JSON parser, in the callback form it has (its type also allows a parser that answers a promise). */
type JsonParse = (request: FastifyRequest, body: string, done: ContentTypeParserDone) => void;
type ContentTypeParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Reads a JSON body as Fastify reads one (its route's body limit, its declared length), scanning each chunk as it
 * arrives. Past a bound, the rest is read and dropped (up to the body limit, so the client is answered rather than cut
 * off mid-send) and the body ends in the refusal: it is never parsed. A body within its bounds goes to Fastify's own
 * JSON parser, so an empty, malformed or prototype-poisoning body is refused as before.
 */
function readBoundedJson(
  request: FastifyRequest,
  payload: Readable,
  bounds: BodyBounds,
  parse: JsonParse,
  done: ContentTypeParserDone,
): void {
  const limit = request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY;
  const declaredLength = Number(request.headers['content-length']);
  if (declaredLength > limit) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  const scanner = new JsonBoundsScanner(bounds);
  const chunks: Buffer[] = [];
  let received = 0;
  let dropped = 0;
  let fault: FieldProblem | undefined;
  const detach = (): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
  };
  const refuse = (error: Error): void => {
    detach();
    done(error);
  };
  function onData(chunk: Buffer): void {
    received += chunk.length;
    if (fault === undefined) {
      fault = scanner.scan(chunk);
      if (fault === undefined) {
        if (received > limit) {
          refuse(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
          return;
        }
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
    }
    dropped += chunk.length;
    if (dropped > limit) {
      refuse(new BodyOutOfBoundsError(fault));
    }
  }
  function onEnd(): void {
    if (fault !== undefined) {
      refuse(new BodyOutOfBoundsError(fault));
    } else if (!Number.isNaN(declaredLength) && received !== declaredLength) {
      refuse(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
    } else {
      detach();
      parseScanned(request, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), scanner, parse, done);
    }
  }
  function onError(error: Error & { statusCode?: number }): void {
    // A client that goes away mid-body: the request ends in its error, as Fastify's reader ends it.
    if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) {
      error.statusCode = 400;
    }
    refuse(error);
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
  payload.resume();
}

/**
 * A body within its bounds, parsed. Text of ASCII alone is read as Latin-1, the same characters without UTF-8's
 * decoding. Fastify's parser (secure-json-parse) searches the whole text for `__proto__` and `constructor` keys after
 * parsing it; the scanner has read every key already, so a body that holds neither is parsed by JSON.parse alone. Any
 * other, and any text JSON.parse refuses, goes to Fastify's parser, which answers it as it always has.
 */
function parseScanned(
  request: FastifyRequest,
  body: Buffer,
  scanner: JsonBoundsScanner,
  parse: JsonParse,
  done: ContentTypeParserDone,
): void {
  const text = isAscii(body) ? body.toString('latin1') : body.toString('utf8');
  if (!scanner.mayPoisonPrototypes) {
    let parsed: unknown;
    let ok = false;
    try {
      parsed = JSON.parse(text);
      ok = true;
    } catch {
      // Fastify's parser below gives the refusal its usual error.
    }
    if (ok) {
      done(null, parsed);
      return;
    }
  }
  parse(request, text, done);
}

/**
 * Every JSON body is held to `BODY_BOUNDS` as it arrives, before it is parsed: a body past them is refused with a
 * 400 naming where, at the cost of one pass over its bytes, and neither JSON.parse, a route's schema, Nest's pipes,
 * class-transformer nor class-validator ever see it. It is Fastify's JSON content-type parser, reading the request
 * itself, rather than a stream the body is piped through: a stream pipeline per request cost a small command more
 * than the scan.
 */
export function boundBodies(fastify: FastifyInstance, bounds: BodyBounds = BODY_BOUNDS): void {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', (request, payload, done) =>
    readBoundedJson(request, payload, bounds, parse as unknown as JsonParse, done),
  );
}
