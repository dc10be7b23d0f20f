import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * A body written in pieces, sent as the one body they make up: the piece itself when there is one, else the pieces
 * streamed one after another with the Content-Length of the whole, so the client gets the same bytes and headers as
 * from one buffer without the pieces ever being copied into one.
 */
export function piecedPayload(pieces: readonly Buffer[], reply: FastifyReply): Buffer | Readable {
  const [only] = pieces;
  if (pieces.length === 1 && only !== undefined) {
    return only;
  }
  let length = 0;
  for (const piece of pieces) {
    length += piece.length;
  }
  void reply.header('content-length', length);
  return Readable.from(pieces, { objectMode: false });
}
