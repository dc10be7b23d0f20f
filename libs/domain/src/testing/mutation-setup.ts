import fc from 'fast-check';

// Under mutation testing only whether a property fails matters: shrinking each counterexample would only cost time.
fc.configureGlobal({ endOnFailure: true });
