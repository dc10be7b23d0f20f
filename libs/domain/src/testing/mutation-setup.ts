import fc from 'fast-check';

// Under mutation testing only whether a property fails matters: shrinking each counterexample would only cost time.
// Properties that take their run count from here (not all do) also run fewer times, as every mutant reruns them.
fc.configureGlobal({ endOnFailure: true, numRuns: 100 });
