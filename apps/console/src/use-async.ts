import { useCallback, useEffect, useState } from 'react';

export type Async<T> = { state: 'loading' } | { state: 'failed'; error: Error } | { state: 'done'; value: T };

/** Runs `load` whenever `key` changes (and on `reload`), ignoring answers that arrive after a newer request. */
export function useAsync<T>(load: () => Promise<T>, key: string): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'done', value }),
      (error: unknown) =>
        current && setResult({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
    // `load` is keyed by `key`: a new closure with the same key must not fetch again.
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return [result, reload];
}
