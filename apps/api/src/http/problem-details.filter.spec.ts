import { EventStoreUnavailableError } from '@app/event-store';
import { toProblem } from './problem-details.filter';

describe('toProblem: an unavailable event store', () => {
  it('says nothing was recorded when the write never reached the store', () => {
    const problem = toProblem(new EventStoreUnavailableError('refused'));
    expect(problem.status).toBe(503);
    expect(problem.detail).toMatch(/nothing was recorded/);
  });

  it('says a write whose outcome is unknown may have been recorded, and that resending it unchanged is safe', () => {
    const problem = toProblem(new EventStoreUnavailableError('deadline', { outcome: 'unknown' }));
    expect(problem.status).toBe(503);
    expect(problem.detail).not.toMatch(/nothing was recorded/);
    expect(problem.detail).toMatch(/may have been recorded.*Resend it unchanged/);
  });
});
