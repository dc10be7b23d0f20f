import { storedToken } from './access-token';

/** One problem of a failed request, as the API names it (`field` is a request field or a JSON path). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A non-2xx answer, carrying the API's problem details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
  }

  /** The message for one field, when the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.message;
  }
}

/**
 * Every call to the API goes through here. The console is served on the API's own origin; the bearer token given in
 * its token field is added to these headers and nowhere else.
 */
function requestHeaders(withBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson' };
  const token = storedToken();
  if (token !== undefined) {
    headers.authorization = `Bearer ${token}`;
  }
  if (withBody) {
    headers['content-type'] = 'application/json';
  }
  return headers;
}

export async function apiFetch(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}) {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: requestHeaders(init.body !== undefined),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!response.ok) {
    throw await toApiError(response);
  }
  return response;
}

export async function apiJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await apiFetch(path, init);
  return (await response.json()) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string; errors?: FieldProblem[] };
    return new ApiError(
      response.status,
      problem.detail ?? problem.title ?? `HTTP ${response.status}`,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
  } catch {
    return new ApiError(response.status, text === '' ? `HTTP ${response.status}` : text);
  }
}
