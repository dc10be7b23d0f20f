import { inputShapeProblems } from './input-shape';
import { createValidationPipe } from './validation';
import type { ProblemError } from './problem-details';

const NUL = '\u0000';
const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';
const PAIR = '\uD83D\uDE00';

describe('inputShapeProblems: text a store cannot hold', () => {
  it('names a NUL in a top-level string', () => {
    expect(inputShapeProblems({ eventId: `ev${NUL}1`, address: 'a@example.com' })).toEqual([
      { field: 'eventId', message: expect.stringMatching(/U\+0000/) },
    ]);
  });

  it('names a lone surrogate in a nested field, high or low', () => {
    expect(inputShapeProblems({ smtp: { diagnostic: `550 ${LONE_HIGH}` } })).toEqual([
      { field: 'smtp.diagnostic', message: expect.stringMatching(/lone surrogate/) },
    ]);
    expect(inputShapeProblems({ smtp: { diagnostic: `${LONE_LOW}550` } })[0]?.field).toBe('smtp.diagnostic');
  });

  it('names the batch item and field', () => {
    const events = [{ type: 'delivery' }, { type: 'delivery' }, { type: 'delivery' }, { smtp: { diagnostic: NUL } }];
    expect(inputShapeProblems({ events })).toEqual([
      { field: 'events[3].smtp.diagnostic', message: expect.stringMatching(/U\+0000/) },
    ]);
  });

  it('names a string inside a list and a key that holds a NUL', () => {
    expect(inputShapeProblems({ addresses: ['a@example.com', `b${NUL}@example.com`] })[0]?.field).toBe('addresses[1]');
    expect(inputShapeProblems({ [`col${NUL}our`]: 'red' })[0]?.message).toMatch(/^field name contains U\+0000/);
  });

  it('accepts a valid surrogate pair, other control characters and non-string values', () => {
    expect(inputShapeProblems({ text: `smile ${PAIR}`, tab: 'a\tb\u0001', n: 4, b: true, z: null })).toEqual([]);
  });
});

describe('the validation pipe refuses unstorable text before transformation', () => {
  const pipe = createValidationPipe();

  it('in a named path parameter, naming it', async () => {
    const refusal = (await pipe
      .transform(`a${NUL}@example.com`, { type: 'param', data: 'address', metatype: String })
      .catch((error: unknown) => error)) as ProblemError;
    expect(refusal.status).toBe(400);
    expect(refusal.errors).toEqual([{ field: 'address', message: expect.stringMatching(/U\+0000/) }]);
  });

  it('in a query parameter, naming it', async () => {
    const refusal = (await pipe
      .transform({ since: `2026${NUL}` }, { type: 'query', metatype: Object })
      .catch((error: unknown) => error)) as ProblemError;
    expect(refusal.status).toBe(400);
    expect(refusal.errors[0]?.field).toBe('since');
  });

  it('in a body that is a bare string or a list, naming the body', async () => {
    for (const [body, field] of [
      [NUL, 'body'],
      [[NUL], 'body[0]'],
    ] as const) {
      const refusal = (await pipe
        .transform(body, { type: 'body', metatype: Object })
        .catch((error: unknown) => error)) as ProblemError;
      expect(refusal.errors).toEqual([{ field, message: expect.stringMatching(/U\+0000/) }]);
    }
  });

  it('passes a storable parameter through', async () => {
    await expect(pipe.transform('a@example.com', { type: 'param', data: 'address', metatype: String })).resolves.toBe(
      'a@example.com',
    );
  });
});
