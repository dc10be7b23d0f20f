import { isLoopbackHost } from './loopback-host';

describe('a loopback host', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('is %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.com', '127.0.0.1.example.com'])('is not %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
