import { EnvironmentError, loadEnvironment } from '@app/recipients';
import Fastify from 'fastify';
import { allowedHosts, checkHosts } from './host-check';

function appWith(env: { HOST: string; ALLOWED_HOSTS?: string }) {
  const app = Fastify();
  checkHosts(app, env);
  app.get('/v1/policy', () => ({ ok: true }));
  return app;
}

const statusFor = async (env: { HOST: string; ALLOWED_HOSTS?: string }, host: string) =>
  (await appWith(env).inject({ url: '/v1/policy', headers: { host } })).statusCode;

describe('host check', () => {
  it('answers the loopback names on any port while bound to loopback', async () => {
    const env = { HOST: '127.0.0.1' };
    for (const host of ['localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'LOCALHOST', 'localhost.:3000']) {
      expect(await statusFor(env, host)).toBe(200);
    }
  });

  it('refuses a rebound DNS name with a 421 problem naming Host, before the route runs', async () => {
    const app = Fastify();
    checkHosts(app, { HOST: '127.0.0.1' });
    const handler = jest.fn(() => ({ ok: true }));
    app.get('/v1/policy', handler);

    const response = await app.inject({ url: '/v1/policy', headers: { host: 'evil.example:3000' } });

    expect(response.statusCode).toBe(421);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 421, errors: [{ field: 'Host' }] });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a name that only starts like an allowed one', async () => {
    expect(await statusFor({ HOST: '127.0.0.1' }, 'localhost.evil.example')).toBe(421);
    expect(await statusFor({ HOST: '127.0.0.1' }, '127.0.0.1.evil.example')).toBe(421);
  });

  it('answers only the configured names when ALLOWED_HOSTS is set', async () => {
    const env = { HOST: '0.0.0.0', ALLOWED_HOSTS: 'state.example.com, [fd00::1]' };
    expect(await statusFor(env, 'state.example.com')).toBe(200);
    expect(await statusFor(env, '[fd00::1]:443')).toBe(200);
    expect(await statusFor(env, 'localhost')).toBe(421);
  });

  it('answers its own loopback HOST, and checks nothing when bound elsewhere without ALLOWED_HOSTS', async () => {
    expect(await statusFor({ HOST: '127.0.0.2' }, '127.0.0.2:3000')).toBe(200);
    expect(await statusFor({ HOST: '::1' }, '[::1]:3000')).toBe(200);
    expect(allowedHosts({ HOST: '0.0.0.0' })).toBeUndefined();
    expect(await statusFor({ HOST: '0.0.0.0' }, 'anything.example')).toBe(200);
  });

  it('takes ALLOWED_HOSTS from the environment and refuses a list with a port or a URL, naming the setting', () => {
    expect(loadEnvironment({ ALLOWED_HOSTS: 'a.example,127.0.0.1' }).ALLOWED_HOSTS).toBe('a.example,127.0.0.1');
    for (const bad of ['a.example:3000', 'http://a.example', 'a.example,,b.example']) {
      expect(() => loadEnvironment({ ALLOWED_HOSTS: bad })).toThrow(EnvironmentError);
      expect(() => loadEnvironment({ ALLOWED_HOSTS: bad })).toThrow(/ALLOWED_HOSTS/);
    }
  });
});
