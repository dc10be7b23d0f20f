/**
 * The API token the console sends, kept in this tab's sessionStorage: it is gone when the tab closes and never
 * reaches a URL, a cookie or another site.
 */
const TOKEN_KEY = 'recipient-state.token';

export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
