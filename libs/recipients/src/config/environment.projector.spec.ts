import { EnvironmentError, loadEnvironment } from './environment';

describe('the projector shutdown bound in the environment', () => {
  it('is 10 seconds by default, and read as a number', () => {
    expect(loadEnvironment({}).PROJECTOR_CLOSE_TIMEOUT_MS).toBe(10_000);
    expect(loadEnvironment({ PROJECTOR_CLOSE_TIMEOUT_MS: '2500' }).PROJECTOR_CLOSE_TIMEOUT_MS).toBe(2500);
  });

  it.each(['-1', '600001', 'soon', '1.5'])('refuses %s at start, naming the setting', (value) => {
    expect(() => loadEnvironment({ PROJECTOR_CLOSE_TIMEOUT_MS: value })).toThrow(EnvironmentError);
    expect(() => loadEnvironment({ PROJECTOR_CLOSE_TIMEOUT_MS: value })).toThrow(/PROJECTOR_CLOSE_TIMEOUT_MS/);
  });
});
