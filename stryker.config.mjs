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
    // The classifier and every rule file it reads.
    'libs/domain/src/bounce-classifier.ts',
    'libs/domain/src/bounce-evidence.ts',
    'libs/domain/src/reply-text.ts',
    'libs/domain/src/sender-side-reasons.ts',
    'libs/domain/src/*-rules.ts',
  ],
  ignorePatterns: ['dist', 'data', 'coverage', 'bench/results', 'bench/.work', 'reports'],
  tempDirName: '.stryker-tmp',
  // The event recorder writes each mutant's result as it is tested, so a long run can be followed.
  reporters: ['clear-text', 'progress', 'html', 'json', 'event-recorder'],
  eventReporter: { baseDir: 'reports/mutation/events' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  timeoutMS: 20000,
  // A static mutant (a module-level constant) reruns every spec; the rules live in functions.
  ignoreStatic: true,
};
