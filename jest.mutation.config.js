/** The domain's unit specs alone, for mutation testing: no integration, end-to-end or reliability tier. */
const { projects } = require('./jest.config');

const unit = projects.find((project) => project.displayName === 'unit');

module.exports = {
  ...unit,
  displayName: 'domain',
  testMatch: ['<rootDir>/libs/domain/**/*.spec.ts'],
  setupFiles: ['<rootDir>/libs/domain/src/testing/mutation-setup.ts'],
  testSequencer: '<rootDir>/jest.mutation.sequencer.js',
};
