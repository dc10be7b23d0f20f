import { finished, Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
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

/**
 * Passes a JSON body through while scanning it. Past a bound, the rest is read and dropped (up to the body limit, so
 * the client is answered rather than cut off mid-send) and the body ends in the refusal: it is never parsed.
 */
class BoundedJsonStream extends Transform {
  private readonly scanner: JsonBoundsScanner;
  private fault: FieldProblem | undefined;
  private dropped = 0;

  constructor(
    bounds: BodyBounds,
    private readonly bodyLimit: number,
  ) {
    super();
    this.scanner = new JsonBoundsScanner(bounds);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.fault === undefined) {
      this.fault = this.scanner.scan(chunk);
      if (this.fault === undefined) {
        callback(null, chunk);
        return;
      }
    }
    this.dropped += chunk.length;
    callback(this.dropped > this.bodyLimit ? new BodyOutOfBoundsError(this.fault) : null);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.fault === undefined ? null : new BodyOutOfBoundsError(this.fault));
  }
}

/**
 * The body through the scanning stream, tied as `stream.pipeline` ties them: an error or early close of either side
 * destroys the other. Not `pipeline` itself, which makes an AbortController for every body and aborts it when the
 * body ends, building a DOMException with its stack: a noticeable part of what a small command costs.
 */
function throughBounds(payload: Readable, bounded: BoundedJsonStream): BoundedJsonStream {
  finished(payload, (error) => {
    if (error !== undefined && error !== null) {
      bounded.destroy(error);
    }
  });
  finished(bounded, (error) => {
    if (error !== undefined && error !== null) {
      payload.destroy(error);
    }
  });
  return payload.pipe(bounded);
}

/** A request without a length or a chunked body (a GET that names a media type) has nothing to scan. */
function carriesBody(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType);
}

/**
 * Every JSON body is held to `BODY_BOUNDS` as it arrives, before it is parsed: a body past them is refused with a
 * 400 naming where, at the cost of one pass over its bytes, and neither JSON.parse, a route's schema, Nest's pipes,
 * class-transformer nor class-validator ever see it.
 */
export function boundBodies(fastify: FastifyInstance, bounds: BodyBounds = BODY_BOUNDS): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if (!isJson(request.headers['content-type']) || !carriesBody(request.headers)) {
      done(null, payload);
      return;
    }
    const bounded = new BoundedJsonStream(bounds, request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY);
    done(null, throughBounds(payload, bounded));
  });
}
