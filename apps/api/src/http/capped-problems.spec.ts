import { cappedBadRequest, MAX_LISTED_PROBLEMS } from './capped-problems';

describe('cappedBadRequest', () => {
  it('lists the first problems, names their fields and counts the rest', () => {
    const problems = Array.from({ length: 25 }, (_, index) => ({ field: `f${index}`, message: 'unknown field' }));
    const error = cappedBadRequest('Invalid request', problems);
    expect(error.errors).toEqual(problems.slice(0, MAX_LISTED_PROBLEMS));
    expect(error.message).toMatch(/^Invalid request: f0, f1, .*f19 and 5 more problems$/);
  });

  it('lists every problem when they fit, each field named once', () => {
    const error = cappedBadRequest('Invalid item', [
      { field: 'a', message: 'x' },
      { field: 'a', message: 'y' },
    ]);
    expect(error.message).toBe('Invalid item: a');
    expect(error.errors).toHaveLength(2);
  });
});
