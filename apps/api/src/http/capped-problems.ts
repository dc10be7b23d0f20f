import type { FieldProblem } from './problem-details';
import { ProblemError } from './problem-details';

/** Problems listed in one answer at most: enough to fix a request by, and a garbage body gets a small answer. */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * A 400 listing the first `MAX_LISTED_PROBLEMS` problems, its detail naming their fields and counting the rest, so
 * the answer stays small however many fields a body gets wrong.
 */
export function cappedBadRequest(lead: string, problems: readonly FieldProblem[]): ProblemError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const fields = [...new Set(listed.map((problem) => problem.field))].join(', ');
  const omitted = problems.length - listed.length;
  const more = omitted > 0 ? ` and ${omitted} more problem${omitted === 1 ? '' : 's'}` : '';
  return ProblemError.badRequest(`${lead}: ${fields}${more}`, listed);
}
