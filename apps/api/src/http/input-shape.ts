import type { FieldProblem } from './problem-details';
import { unstorableTextReason } from './storable-text';

/**
 * Far deeper than any request the API takes (a batch item's `smtp` fields sit at depth 4), and shallow enough that the
 * recursive transformation and validation behind it cannot overflow the stack on hostile nesting.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys that never reach the unknown-field check: Nest's pipe deletes `__proto__`, `prototype` and `constructor`, and
 * class-transformer skips names the target's prototype already has (`toString`, `valueOf`).
 */
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Reported at most; a body of garbage needs no more to be told what is wrong. */
const MAX_PROBLEMS = 100;

/**
 * What must be refused before class-transformer sees a parsed body, query or path: nesting deeper than
 * `MAX_INPUT_DEPTH`, keys named after prototype members (`constructor`, `prototype`, `toString`), which would be
 * dropped silently instead of being rejected as unknown, and text in any key or string value that a store cannot hold
 * faithfully (NUL, lone surrogates), which would otherwise be accepted here and then fail at every projection.
 * Iterative, so the walk cannot overflow the stack either.
 */
export function inputShapeProblems(input: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [];
  // Containers are queued and strings checked on sight: a list of ten thousand addresses costs one look at each. A
  // list item's step is its index, written out as `[index]` only when a path is needed.
  const visit = (value: unknown, parent: string, step: string | number, depth: number): void => {
    if (typeof value === 'object' && value !== null) {
      pending.push({ value, path: pathOf(parent, step), depth });
    } else if (typeof value === 'string') {
      const reason = unstorableTextReason(value);
      if (reason !== undefined) {
        problems.push({ field: pathOf(parent, step), message: reason });
      }
    }
  };
  visit(input, '', '', 0);
  for (let next = pending.pop(); next !== undefined && problems.length < MAX_PROBLEMS; next = pending.pop()) {
    const { value, path, depth } = next;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field: path, message: `nests deeper than ${MAX_INPUT_DEPTH} levels` });
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => visit(item, path, index, depth + 1));
    } else {
      for (const [key, item] of Object.entries(value as object)) {
        const step = path === '' ? key : `.${key}`;
        const keyReason = unstorableTextReason(key);
        if (keyReason !== undefined) {
          problems.push({ field: path + step, message: `field name ${keyReason}` });
        } else if (PROTOTYPE_NAMES.has(key)) {
          problems.push({ field: path + step, message: `unknown field ${key}` });
        } else {
          visit(item, path, step, depth + 1);
        }
      }
    }
  }
  return problems;
}

function pathOf(parent: string, step: string | number): string {
  return typeof step === 'number' ? `${parent}[${step}]` : parent + step;
}
