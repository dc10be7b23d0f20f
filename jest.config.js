/** Test tiers by suffix: pure specs, integration specs (real SQLite / PostgreSQL), end-to-end and reliability specs. */
const moduleNameMapper = {
  '^@app/domain$': '<rootDir>/libs/domain/src/index.ts',
  '^@app/event-store$': '<rootDir>/libs/event-store/src/index.ts',
  '^@app/read-model$': '<rootDir>/libs/read-model/src/index.ts',
  '^@app/intake$': '<rootDir>/libs/intake/src/index.ts',
  '^@app/recipients$': '<rootDir>/libs/recipients/src/index.ts',
  '^@app/replay$': '<rootDir>/libs/replay/src/index.ts',
  '^@app/testing$': '<rootDir>/libs/testing/src/index.ts',
  '^@app/client$': '<rootDir>/libs/client/src/index.ts',
  '^@app/access$': '<rootDir>/libs/access/src/index.ts',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] };
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Two workers share two cores with servers the specs start: a slow moment is not a failure, a hang still is.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/*.e2e-spec.ts'] },
    // The web console in Debian's chromium, against the built bundle (npm run build).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/console/**/*.browser-spec.ts'] },
    // CI-sized by default; RELIABILITY_SCALE=full runs the longer variants.
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'] },
  ],
};
