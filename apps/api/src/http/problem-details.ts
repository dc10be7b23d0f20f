/** RFC 9457 problem details, with the offending fields named. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  checks?: unknown;
}

/** A 4xx raised by the apps layer itself (not a Nest HttpException), carrying the fields at fault. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
  }

  static badRequest(detail: string, errors: FieldProblem[] = []): ProblemError {
    return new ProblemError(400, 'Bad Request', detail, errors);
  }

  static notFound(detail: string, field?: string): ProblemError {
    return new ProblemError(404, 'Not Found', detail, field === undefined ? [] : [{ field, message: detail }]);
  }

  static conflict(detail: string, field?: string): ProblemError {
    return new ProblemError(409, 'Conflict', detail, field === undefined ? [] : [{ field, message: detail }]);
  }
}
