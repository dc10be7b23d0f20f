/**
 * An event the projection could not apply (the store refused it, or it could not be decoded): kept with where it
 * sits in the log and why, while the projection moves on past it.
 */
export interface DeadLetter {
  position: bigint;
  streamId: string;
  type: string;
  error: string;
}

export interface DeadLetterSummary {
  /** Every dead letter of the projection. */
  total: number;
  /** The first few, in log order. */
  first: DeadLetter[];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The record of a poisoned event may quote the very text that poisoned it (a stream id with a NUL in it): that text
 * is written escaped, so the dead letter itself can always be stored.
 */
export function storableDeadLetter(letter: DeadLetter): DeadLetter {
  return { ...letter, streamId: escaped(letter.streamId), type: escaped(letter.type), error: escaped(letter.error) };
}

function escaped(text: string): string {
  return text
    .replaceAll('\u0000', '\\u0000')
    .replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16).toUpperCase()}`);
}
