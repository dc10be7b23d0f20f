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

describe('the readiness bounds in the environment', () => {
  it.each(['PROJECTION_LAG_READY_BOUND_MS', 'POLICY_FOLLOWER_LAG_READY_BOUND_MS'] as const)(
    '%s is 5 seconds by default, read as a number, and refused naming itself when out of range',
    (setting) => {
      expect(loadEnvironment({})[setting]).toBe(5_000);
      expect(loadEnvironment({ [setting]: '1500' })[setting]).toBe(1500);
      for (const value of ['0', '3600001', 'soon']) {
        expect(() => loadEnvironment({ [setting]: value })).toThrow(new RegExp(`${setting}=`));
      }
    },
  );
});
