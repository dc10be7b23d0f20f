import { useState } from 'react';
import { forgetToken, storedToken, storeToken } from './api/access-token';

/**
 * Where a person gives the console an API token (the one `recipient-state tokens create` printed). Changing it
 * reloads the page, so every view asks again with it.
 */
export function TokenField() {
  const [token, setToken] = useState('');
  if (storedToken() !== undefined) {
    return (
      <button
        type="button"
        className="secondary outline"
        onClick={() => {
          forgetToken();
          location.reload();
        }}
      >
        Forget token
      </button>
    );
  }
  return (
    <form
      role="group"
      onSubmit={(event) => {
        event.preventDefault();
        if (token.trim() !== '') {
          storeToken(token);
          location.reload();
        }
      }}
    >
      <input
        type="password"
        aria-label="API token"
        placeholder="API token (rs_...)"
        autoComplete="off"
        value={token}
        onChange={(event) => setToken(event.target.value)}
      />
      <button type="submit">Use token</button>
    </form>
  );
}
