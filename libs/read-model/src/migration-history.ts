/** What a database records of one applied schema step. */
export interface AppliedStep {
  version: number;
  name: string;
}

/**
 * Each adapter keeps a list of schema steps and records the ones it applied. A database whose record is not a prefix
 * of the code's list (a step renamed, removed, or from newer code) is refused: running this code on it would be a
 * guess.
 */
export function assertSameHistory(recorded: readonly AppliedStep[], migrations: readonly AppliedStep[]): void {
  recorded.forEach((step, index) => {
    const known = migrations[index];
    if (known === undefined) {
      const latest = migrations.at(-1)?.version ?? 0;
      throw new Error(`The read model's schema is at version ${step.version}, newer than this code (${latest})`);
    }
    if (known.version !== step.version || known.name !== step.name) {
      throw new Error(
        `The read model's schema records ${step.version} "${step.name}" where this code has ` +
          `${known.version} "${known.name}": it was migrated by a different history`,
      );
    }
  });
}
