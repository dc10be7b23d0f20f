import type { SourceRecord } from './source-record';

export const IMPORT_FORMATS = ['ses', 'sendgrid', 'postmark', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where a provider's suppression-list export keeps the address, the reason and the date. */
export interface SuppressionFormat {
  name: ImportFormat;
  label: string;
  /** Whether the provider also exports JSON (sniffed from the first character). */
  acceptsJson: boolean;
  /** Property holding the records when the JSON is an object. */
  wrapperKeys: string[];
  /** Candidate field names, best first, compared by `fieldKey`. */
  addressFields: string[];
  reasonFields: string[];
  dateFields: string[];
  /** For lists that carry no reason (SendGrid unsubscribes and spam reports). */
  defaultReason: string;
  /**
   * What an entry says happened: the recipient's own complaint or unsubscribe, or (anything else, bounces included)
   * a suppression imported with its reason. `reason` is the entry's own, undefined when it carries none.
   */
  meaningOf(reason: string | undefined, record: SourceRecord): ImportedMeaning;
}

/** An unsubscribe with a `list` left that list only (it is recorded, and suppresses nothing). */
export type ImportedMeaning = { kind: 'imported' } | { kind: 'complaint' } | { kind: 'unsubscribe'; list?: string };

export const IMPORTED: ImportedMeaning = { kind: 'imported' };
