import type { BounceEvidence, Policy } from '@app/domain';
import { classificationCode, classifyBounce } from '@app/domain';
import type { SqliteConnection } from '@app/event-store';
import { openReplayFacts } from './replay-facts-file';

/** Evidence classified between turns of the event loop. */
const CLASSIFY_SLICE = 2048;

/** What a policy's classifications are kept under: its overrides, the only part of it the classifier reads. */
function overridesKey(policy: Policy): string {
  return JSON.stringify(policy.document.overrides);
}

/**
 * Classifies every distinct bounce evidence of the projection for a policy, as the domain's `replayFact` does, and
 * keeps the codes (see `classificationCode`) in the projection under the policy's overrides: the next simulation with
 * the same overrides classifies only the evidence met since. Without overrides, the classification the projection
 * made when it first met each evidence is taken as it is. The event loop turns between slices.
 */
export async function classifyReplayEvidence(path: string, policy: Policy): Promise<void> {
  const db = openReplayFacts(path);
  try {
    const key = overridesKey(policy);
    const known = storedCodes(db, key);
    const codes: number[] = [...known];
    const rows = db
      .prepare('SELECT evidence, base_class FROM replay_evidence WHERE ordinal >= ? ORDER BY ordinal LIMIT ?')
      .raw(true);
    for (;;) {
      const slice = rows.all(codes.length, CLASSIFY_SLICE) as [string, number][];
      for (const [text, base] of slice) {
        codes.push(
          policy.overrides.length === 0
            ? base
            : classificationCode(classifyBounce(JSON.parse(text) as BounceEvidence, policy.overrides)),
        );
      }
      if (slice.length < CLASSIFY_SLICE) {
        break;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (codes.length > known.length) {
      // Another simulation may have kept a longer list meanwhile: both are right, the longer one stays.
      db.prepare(
        `INSERT INTO replay_classifications (overrides, codes) VALUES (?, ?)
          ON CONFLICT (overrides) DO UPDATE SET codes = excluded.codes WHERE length(excluded.codes) > length(codes)`,
      ).run(key, Buffer.from(Int8Array.from(codes).buffer));
    }
  } finally {
    db.close();
  }
}

function storedCodes(db: SqliteConnection, key: string): Int8Array {
  const blob = db.prepare('SELECT codes FROM replay_classifications WHERE overrides = ?').pluck().get(key) as
    Buffer | undefined;
  return blob === undefined ? new Int8Array(0) : Int8Array.from(blob);
}

/** The codes `classifyReplayEvidence` kept for a policy, by evidence ordinal. */
export class ReplayClassifications {
  private readonly codes: Int8Array;

  constructor(db: SqliteConnection, policy: Policy) {
    this.codes = storedCodes(db, overridesKey(policy));
  }

  /** The classification code of an evidence ordinal. */
  of(ordinal: number): number {
    const code = this.codes[ordinal];
    if (code === undefined) {
      throw new RangeError(`evidence ${ordinal} of the replay projection was not classified for this policy`);
    }
    return code;
  }
}
