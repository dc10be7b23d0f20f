import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { boundBodies } from './body-bounds';

const BOUNDS = { depth: 4, keysPerObject: 10, itemsPerArray: 10, entries: 100 };

describe('bounded JSON bodies over a socket', () => {
  let app: FastifyInstance;
  let url: string;
  const handled: unknown[] = [];

  beforeAll(async () => {
    app = Fastify();
    boundBodies(app, BOUNDS);
    app.post('/echo', (request) => {
      handled.push(request.body);
      return { body: request.body };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  beforeEach(() => (handled.length = 0));

  const post = (body: string) =>
    fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('passes a body within its bounds to the route, parsed', async () => {
    const answer = await post('{"a":{"b":[1,2,3]}}');

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ body: { a: { b: [1, 2, 3] } } });
  });

  it('refuses a body past its bounds naming where, and the route never sees it', async () => {
    const answer = await post('{"a":{"b":{"c":{"d":{"e":1}}}}}');

    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('a.b.c.d');
    expect(handled).toEqual([]);
  });

  it('drops a body whose client goes away halfway, and goes on answering', async () => {
    const { port } = app.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":',
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });

    const answer = await post('{"after":true}');

    expect(answer.status).toBe(200);
    expect(handled).toEqual([{ after: true }]);
  });
});
