import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { piecedPayload } from './pieced-payload';

describe('a body sent in pieces', () => {
  let app: FastifyInstance;
  let url: string;
  const pieces = [Buffer.from('{"results":['), Buffer.from('1,2,'), Buffer.from('3,"é"'), Buffer.from(']}')];

  beforeAll(async () => {
    app = Fastify();
    app.get('/pieces', (_request, reply) => piecedPayload(pieces, reply));
    app.get('/one', (_request, reply) => piecedPayload([Buffer.concat(pieces)], reply));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  it('reaches the client as the one body the pieces make up, with its Content-Length, as one buffer would', async () => {
    const [streamed, whole] = await Promise.all([fetch(`${url}/pieces`), fetch(`${url}/one`)]);

    expect(Buffer.from(await streamed.arrayBuffer())).toEqual(Buffer.concat(pieces));
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(Buffer.concat(pieces));
    expect(streamed.headers.get('content-length')).toBe(String(Buffer.concat(pieces).length));
    expect(streamed.headers.get('content-length')).toBe(whole.headers.get('content-length'));
    expect(streamed.headers.get('transfer-encoding')).toBeNull();
  });
});
