import { fork } from 'node:child_process';

/**
 * Runs a compiled script in a fresh process and resolves with the one value it sends back, so each measurement
 * gets its own heap, peak RSS and loaded modules. The child's stdout is dropped: a baseline library may log.
 */
export function measureInChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result: { value: T } | undefined;
    child.once('message', (value) => (result = { value: value as T }));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result !== undefined) {
        resolve(result.value);
      } else {
        reject(
          new Error(`${script} ${args.join(' ')} exited with ${code} ${result === undefined ? 'and no result' : ''}`),
        );
      }
    });
  });
}

/** The child's side: hands the value to the parent and exits once it is delivered. */
export function sendToParent(value: unknown): void {
  if (process.send === undefined) {
    process.stdout.write(`${JSON.stringify(value)}\n`);
    return;
  }
  process.send(value, () => process.exit(0));
}
