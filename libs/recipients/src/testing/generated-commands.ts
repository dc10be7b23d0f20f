import { Clock } from '../clock';

/** Shared by the specs that run generated command sequences through the command loop. */
export const START = Date.parse('2026-03-01T00:00:00Z');
export const MINUTE = 60_000;
export const REPLIES = [
  { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
  { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
  { replyCode: 451, enhancedStatus: '4.3.0', diagnostic: '451 4.3.0 Temporary server error' },
];

/** A clock the spec moves by hand. */
export class SteppingClock extends Clock {
  at = START;
  override now(): number {
    return this.at;
  }
}

/** A small deterministic generator, so a failure names a sequence that can be run again. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
