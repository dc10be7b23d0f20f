/** A field the service named as the reason for refusing a request. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * What the service answered instead of a result, as an error: an RFC 9457 problem (`application/problem+json`)
 * with the fields at fault. `status` 400 is a bad request, 404 something unknown, 409 a conflicting duplicate
 * (the same eventId with another payload), 503 a store that stayed unavailable through the client's retries.
 */
export class RecipientStateProblem extends Error {
  override readonly name = 'RecipientStateProblem';
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string | undefined;
  readonly errors: readonly FieldError[];

  constructor(
    readonly status: number,
    /** The body as received: a problem document, or the text of an answer that was not one. */
    readonly body: unknown,
  ) {
    const problem = isObject(body) ? body : {};
    const title = text(problem.title) ?? `HTTP ${status}`;
    const detail = text(problem.detail) ?? (typeof body === 'string' ? body : title);
    super(`${status} ${title}: ${detail}`);
    this.type = text(problem.type) ?? 'about:blank';
    this.title = title;
    this.detail = detail;
    this.instance = text(problem.instance);
    this.errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
  }

  /** The message the service gave for a field, e.g. `problem.fieldError('occurredAt')`. */
  fieldError(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.message;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isFieldError(value: unknown): value is FieldError {
  return isObject(value) && typeof value.field === 'string' && typeof value.message === 'string';
}
