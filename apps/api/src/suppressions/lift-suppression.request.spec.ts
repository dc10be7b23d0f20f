import { ProblemError } from '../http/problem-details';
import { suppressionLift, UNNAMED_LIFTER } from './lift-suppression.request';

describe('who lifts a suppression, from the body or the query of a DELETE', () => {
  it('names the API when neither says who, as SES clients send nothing', () => {
    expect(suppressionLift({}, undefined)).toEqual({ by: UNNAMED_LIFTER, liftComplaint: false });
  });

  it('takes the fields from the query', () => {
    expect(suppressionLift({ by: 'ops', note: 'fixed', liftComplaint: 'true' }, undefined)).toEqual({
      by: 'ops',
      note: 'fixed',
      liftComplaint: true,
    });
  });

  it('takes the fields from the body, and the others from the query', () => {
    expect(suppressionLift({ note: 'fixed' }, { by: 'support', liftComplaint: true })).toEqual({
      by: 'support',
      note: 'fixed',
      liftComplaint: true,
    });
  });

  it('refuses a field given in both, naming it', () => {
    let refusal: unknown;
    try {
      suppressionLift({ by: 'ops', liftComplaint: 'false' }, { by: 'support', liftComplaint: true });
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(ProblemError);
    expect((refusal as ProblemError).errors.map((fault) => fault.field)).toEqual(['by', 'liftComplaint']);
  });
});
