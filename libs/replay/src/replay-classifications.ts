import type { BounceEvidence, PolicyOverride } from '@app/domain';
import { classificationCode, classifyBounce } from '@app/domain';
import type { SqliteConnection } from '@app/event-store';

const UNKNOWN = -1;

/**
 * Each distinct bounce evidence of the projection, classified for the candidate policy (as the domain's `replayFact`
 * does): without overrides, the classification the projection made when it first met the evidence; with overrides,
 * `classifyBounce` with them, once per evidence on first use.
 */
export class ReplayClassifications {
  private readonly codes: Int8Array;
  private readonly evidenceOf;

  constructor(
    db: SqliteConnection,
    private readonly overrides: readonly PolicyOverride[],
  ) {
    const count = (db.prepare('SELECT count(*) FROM replay_evidence').pluck().get() as number) ?? 0;
    this.codes = new Int8Array(count).fill(UNKNOWN);
    this.evidenceOf = db.prepare('SELECT evidence FROM replay_evidence WHERE ordinal = ?').pluck();
    if (overrides.length === 0) {
      const base = db.prepare('SELECT ordinal, base_class FROM replay_evidence').raw(true);
      for (const [ordinal, code] of base.iterate() as Iterable<[number, number]>) {
        this.codes[ordinal] = code;
      }
    }
  }

  /** The classification code (see the domain's `classificationCode`) of an evidence ordinal. */
  of(ordinal: number): number {
    const known = this.codes[ordinal];
    if (known !== undefined && known !== UNKNOWN) {
      return known;
    }
    const text = this.evidenceOf.get(ordinal) as string | undefined;
    if (text === undefined) {
      throw new RangeError(`the replay projection has no evidence ${ordinal}`);
    }
    const code = classificationCode(classifyBounce(JSON.parse(text) as BounceEvidence, this.overrides));
    this.codes[ordinal] = code;
    return code;
  }
}
