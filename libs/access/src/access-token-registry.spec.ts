import type { AccessTokenEvent } from './access-token-events';
import { AccessTokenRegistry } from './access-token-registry';

const NOW = Date.parse('2026-06-01T12:00:00Z');

function issued(tokenId: string, secretHash: string, expiresAt: string | null = null): AccessTokenEvent {
  return {
    type: 'AccessTokenIssued',
    data: {
      tokenId,
      name: `name-${tokenId}`,
      owner: 'ops',
      scopes: ['check'],
      expiresAt,
      secretHash,
      issuedAt: '2026-06-01T00:00:00Z',
      by: 'cli',
    },
  };
}

const revoked = (tokenId: string, revokedAt = '2026-06-01T06:00:00Z'): AccessTokenEvent => ({
  type: 'AccessTokenRevoked',
  data: { tokenId, revokedAt, by: 'cli' },
});

function registryOf(...events: AccessTokenEvent[]): AccessTokenRegistry {
  const registry = new AccessTokenRegistry();
  events.forEach((event) => registry.apply(event));
  return registry;
}

describe('the token registry', () => {
  it('finds an issued token by the hash of its secret', () => {
    const found = registryOf(issued('t1', 'h1')).authenticate('h1', NOW);
    expect(found).toEqual({
      ok: true,
      token: expect.objectContaining({ id: 't1', name: 'name-t1', scopes: ['check'] }),
    });
  });

  it('refuses a hash nobody was issued', () => {
    expect(registryOf(issued('t1', 'h1')).authenticate('h2', NOW)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a revoked token, whatever its expiry', () => {
    const registry = registryOf(issued('t1', 'h1', '2026-06-01T11:00:00Z'), revoked('t1'));
    expect(registry.authenticate('h1', NOW)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a token from the instant it expires, and accepts it a millisecond before', () => {
    const registry = registryOf(issued('t1', 'h1', '2026-06-01T12:00:00Z'));
    expect(registry.authenticate('h1', NOW)).toEqual({ ok: false, reason: 'expired' });
    expect(registry.authenticate('h1', NOW - 1).ok).toBe(true);
  });

  it('folds an event delivered twice as once: the first issue and the first revocation stand', () => {
    const registry = registryOf(
      issued('t1', 'h1'),
      issued('t1', 'h1'),
      revoked('t1', '2026-06-01T06:00:00Z'),
      revoked('t1', '2026-06-01T07:00:00Z'),
    );
    expect(registry.list()).toHaveLength(1);
    expect(registry.get('t1')?.revokedAt).toBe('2026-06-01T06:00:00Z');
  });

  it('ignores the revocation of a token it never saw issued', () => {
    expect(registryOf(revoked('t9')).size).toBe(0);
  });
});
