const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Smallest spec files first. Under mutation testing a run ends at its first failure, and the focused specs that kill
 * most mutants are small while the property specs are slow: running them last spares a property run per mutant.
 */
class SmallestFirst extends Sequencer {
  sort(tests) {
    const size = (test) => fs.statSync(test.path).size;
    return [...tests].sort((a, b) => size(a) - size(b));
  }
}

module.exports = SmallestFirst;
