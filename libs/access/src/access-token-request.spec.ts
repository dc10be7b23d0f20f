import { checkTokenRequest, InvalidTokenRequestError } from './access-token-request';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const valid = { name: ' mta ', owner: 'mail team', scopes: ['ingest', 'check'], by: 'cli' };

function fieldOf(request: Parameters<typeof checkTokenRequest>[0]): string | undefined {
  try {
    checkTokenRequest(request, NOW);
    return undefined;
  } catch (error) {
    return error instanceof InvalidTokenRequestError ? error.field : 'not a request error';
  }
}

describe('a token request', () => {
  it('is trimmed, its scopes in the canonical order, without expiry unless given', () => {
    expect(checkTokenRequest(valid, NOW)).toEqual({
      name: 'mta',
      owner: 'mail team',
      scopes: ['check', 'ingest'],
      expiresAt: null,
    });
  });

  it('keeps an expiry as an ISO-8601 instant', () => {
    expect(checkTokenRequest({ ...valid, expiresAt: '2026-07-01T02:00:00+02:00' }, NOW).expiresAt).toBe(
      '2026-07-01T00:00:00.000Z',
    );
  });

  it.each([
    ['a blank name', { ...valid, name: '  ' }, 'name'],
    ['a blank owner', { ...valid, owner: '' }, 'owner'],
    ['no scope', { ...valid, scopes: [] }, 'scopes'],
    ['an unknown scope', { ...valid, scopes: ['check', 'root'] }, 'scopes'],
    ['an expiry that is not a time', { ...valid, expiresAt: 'tomorrow' }, 'expiresAt'],
    ['an expiry in the past', { ...valid, expiresAt: '2026-06-01T11:59:59Z' }, 'expiresAt'],
  ])('with %s is refused, naming the field', (_case, request, field) => {
    expect(fieldOf(request)).toBe(field);
  });
});
