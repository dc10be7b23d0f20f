import { AppendGate } from './eventstoredb-append-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('AppendGate', () => {
  it('lets at most its limit of appends run at once and starts the waiting ones in arrival order', async () => {
    const gate = new AppendGate(2);
    const releases = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const runs = releases.map((release, index) =>
      gate.run(async () => {
        started.push(index);
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await release.promise;
        running--;
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    releases[1]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    releases[0]!.resolve();
    releases[2]!.resolve();
    releases[3]!.resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(mostAtOnce).toBe(2);
  });

  it('frees the slot of an append that failed, and passes its error on', async () => {
    const gate = new AppendGate(1);
    await expect(gate.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new AppendGate(0)).toThrow(RangeError);
  });
});
