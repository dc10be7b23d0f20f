import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { boundBodies } from './body-bounds';

const BOUNDS = { depth: 4, keysPerObject: 10, itemsPerArray: 10, entries: 100 };
const BODY_LIMIT = 1_000;

/** Writes a raw request and answers the response's status line, read off the socket. */
function rawStatus(port: number, request: string, chunks: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      chunks.forEach((chunk, index) => setTimeout(() => socket.write(chunk), 10 * (index + 1)));
    });
    socket.on('data', (data) => {
      answer += data.toString();
      if (answer.includes('\r\n')) {
        resolve(answer.slice(0, answer.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.once('error', reject);
  });
}

describe('bounded JSON bodies over a socket', () => {
  let app: FastifyInstance;
  let url: string;
  const handled: unknown[] = [];

  beforeAll(async () => {
    app = Fastify({ bodyLimit: BODY_LIMIT });
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

  it('scans a body as it arrives in chunks, and refuses it past its bounds whatever its chunks', async () => {
    const { port } = app.server.address() as AddressInfo;
    const head =
      'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;

    const within = await rawStatus(port, head, [chunk('{"a":{"b"'), chunk(':[1,2]}}'), '0\r\n\r\n']);
    const past = await rawStatus(port, head, [chunk('{"a":{"b":{"c"'), chunk(':{"d":{"e":1}}}}}'), '0\r\n\r\n']);

    expect(within).toBe('HTTP/1.1 200 OK');
    expect(past).toBe('HTTP/1.1 400 Bad Request');
    expect(handled).toEqual([{ a: { b: [1, 2] } }]);
  });

  it("refuses what Fastify's own reader refuses: malformed, empty or poisoning JSON, a body past the limit", async () => {
    const { port } = app.server.address() as AddressInfo;
    const head = (length: number) =>
      `POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

    expect((await post('{"a":')).status).toBe(400);
    expect((await post('')).status).toBe(400);
    expect((await post('{"__proto__":{"x":1}}')).status).toBe(400);
    expect((await post(JSON.stringify({ a: 'x'.repeat(BODY_LIMIT) }))).status).toBe(413);
    expect(await rawStatus(port, `${head(BODY_LIMIT + 1)}{}`)).toBe('HTTP/1.1 413 Payload Too Large');
    expect(handled).toEqual([]);
  });

  it("answers every body within its bounds as Fastify's own parser does: text, escapes, poisoning keys", async () => {
    const plain = Fastify({ bodyLimit: BODY_LIMIT });
    plain.post('/echo', (request) => ({ body: request.body }));
    await plain.listen({ port: 0, host: '127.0.0.1' });
    const plainUrl = `http://127.0.0.1:${(plain.server.address() as AddressInfo).port}`;
    const answer = async (base: string, body: string) => {
      const response = await fetch(`${base}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, text: await response.text() };
    };
    const bodies = [
      '{"addresses":["jane@example.com","joe@example.org"]}',
      '{"name":"Zoë 😀","a\\u00e9":"\\u00e9"}',
      '\ufeff{"a":1}',
      '{"__proto__":{"x":1}}',
      '{"\\u005f_proto__":{"x":1}}',
      '{"a":[{"__proto__" :1}]}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"a":{"c\\u006fnstructor":{"prototype":1}}}',
      '{"constructor":1}',
      '{"a":"\\"__proto__\\":1"}',
      `{"${'k'.repeat(120)}":1}`,
      ' ',
      '{"a":',
      '5',
      '"text"',
      'null',
    ];
    try {
      for (const body of bodies) {
        expect({ body, ...(await answer(url, body)) }).toEqual({ body, ...(await answer(plainUrl, body)) });
      }
    } finally {
      await plain.close();
    }
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
