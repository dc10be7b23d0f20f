// Mutation testing of the domain rules against the domain's unit specs: `npm run test:mutation`.
// Narrow a run with `npm run test:mutation -- --mutate libs/domain/src/recipient.decider.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  checkers: [],
  coverageAnalysis: 'perTest',
  // Two cores are shared by everything on the build machine.
  concurrency: 1,
  mutate: [
    'libs/domain/src/recipient.decider.ts',
    'libs/domain/src/recipient-state.ts',
    'libs/domain/src/apply-fact.ts',
    'libs/domain/src/soft-bounce-run.ts',
    'libs/domain/src/recipient-status.ts',
    'libs/domain/src/bounce-classifier.ts',
    'libs/domain/src/bounce-evidence.ts',
    'libs/domain/src/enhanced-status-rules.ts',
    'libs/domain/src/reply-code-rules.ts',
    'libs/domain/src/text-pattern-rules.ts',
    'libs/domain/src/provider-rules.ts',
    'libs/domain/src/provider-verdict-rules.ts',
    'libs/domain/src/sender-side-reasons.ts',
    'libs/domain/src/microsoft-rules.ts',
    'libs/domain/src/gmail-rules.ts',
    'libs/domain/src/yahoo-rules.ts',
    'libs/domain/src/apple-rules.ts',
  ],
  ignorePatterns: ['dist', 'data', 'coverage', 'bench/results', 'bench/.work', 'reports'],
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  timeoutMS: 20000,
};
