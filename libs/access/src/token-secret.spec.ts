import { generateTokenSecret, hashTokenSecret, TOKEN_SECRET_PATTERN } from './token-secret';

describe('token secrets', () => {
  it('are rs_ and 32 random bytes in base64url, never the same twice', () => {
    const secrets = new Set(Array.from({ length: 100 }, generateTokenSecret));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) {
      expect(secret).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(3), 'base64url')).toHaveLength(32);
      expect(TOKEN_SECRET_PATTERN.test(secret)).toBe(true);
    }
  });

  it('are kept as the hex SHA-256 of their text', () => {
    const known = 'rs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    // The digest `printf %s <secret> | sha256sum` prints.
    expect(hashTokenSecret(known)).toBe('ef4ac0dc54ec41fffdf655f7abfe9423c6a3b3f4404a7bea36c513f80f6807cc');
    expect(hashTokenSecret(known)).not.toBe(hashTokenSecret(`${known}B`));
  });
});
