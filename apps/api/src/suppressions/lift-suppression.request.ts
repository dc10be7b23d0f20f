import { Flag, OneOf, Text } from '../http/field-decorators';
import { ProblemError } from '../http/problem-details';

/**
 * Who makes a change when the request names no one (SES's DeleteSuppressedDestination cannot): the command handler
 * records the token's name in its place.
 */
export const UNNAMED_LIFTER = 'api';

const BY = "Who lifts it, recorded in the audit (default: the token's name)";
const LIFT_COMPLAINT = 'Lift a complaint too: a recorded override (without it a complaint stands: 409)';

/** The optional JSON body of `DELETE /v1/suppressions/{address}`. */
export class LiftSuppressionRequest {
  @Text(200, { optional: true, description: BY })
  by?: string;

  @Text(1000, { optional: true })
  note?: string;

  @Flag({ optional: true, description: LIFT_COMPLAINT })
  liftComplaint?: boolean;
}

/** The same fields as query parameters, for clients that send no body with a DELETE. */
export class LiftSuppressionParams {
  @Text(200, { optional: true, description: BY })
  by?: string;

  @Text(1000, { optional: true })
  note?: string;

  @OneOf(['true', 'false'], { optional: true, description: LIFT_COMPLAINT })
  liftComplaint?: 'true' | 'false';
}

export interface SuppressionLift {
  by: string;
  note?: string;
  liftComplaint: boolean;
}

/** Body and query together; a field given in both is ambiguous and refused, naming it. */
export function suppressionLift(
  query: LiftSuppressionParams,
  body: LiftSuppressionRequest | undefined,
): SuppressionLift {
  const twice = (['by', 'note', 'liftComplaint'] as const).filter(
    (field) => query[field] !== undefined && body?.[field] !== undefined,
  );
  if (twice.length > 0) {
    throw ProblemError.badRequest(
      `Invalid request: ${twice.join(', ')}`,
      twice.map((field) => ({ field, message: `${field} is given both in the query and in the body` })),
    );
  }
  const note = body?.note ?? query.note;
  return {
    by: body?.by ?? query.by ?? UNNAMED_LIFTER,
    ...(note === undefined ? {} : { note }),
    liftComplaint: body?.liftComplaint ?? query.liftComplaint === 'true',
  };
}
