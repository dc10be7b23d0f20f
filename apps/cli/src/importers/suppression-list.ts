import { normaliseAddress } from '@app/domain';
import { CSV_FORMAT } from './csv.importer';
import { parseImportDate } from './import-date';
import { readCsvRecords } from './csv-records';
import { readJsonRecords } from './json-records';
import { POSTMARK_FORMAT } from './postmark.importer';
import { SES_FORMAT } from './ses.importer';
import { SENDGRID_FORMAT } from './sendgrid.importer';
import type { ImportProblem, SourceRecord } from './source-record';
import { fieldText, fieldValue } from './source-record';
import type { ImportedMeaning, ImportFormat, SuppressionFormat } from './suppression-format';

export const SUPPRESSION_FORMATS: Record<ImportFormat, SuppressionFormat> = {
  ses: SES_FORMAT,
  sendgrid: SENDGRID_FORMAT,
  postmark: POSTMARK_FORMAT,
  csv: CSV_FORMAT,
};

/** One suppression to import, as the provider recorded it. */
export interface ImportedSuppression {
  line: number;
  /** Normalised. */
  address: string;
  reason: string;
  /** ISO 8601, from the provider's date. */
  occurredAt: string;
  meaning: ImportedMeaning;
}

export interface ParsedSuppressionList {
  entries: ImportedSuppression[];
  problems: ImportProblem[];
}

export interface ParseOptions {
  /** Used for records without a reason instead of the format's default. */
  defaultReason?: string;
  /** Used for records without a date; without it such records are problems (the date keeps re-imports idempotent). */
  defaultDate?: string;
}

/** Reads a provider's export into suppressions, naming every malformed record by its line. */
export function parseSuppressionList(
  format: ImportFormat,
  text: string,
  options: ParseOptions = {},
): ParsedSuppressionList {
  const spec = SUPPRESSION_FORMATS[format];
  const json = spec.acceptsJson && /^\s*[[{]/.test(text);
  const source = json ? readJsonRecords(text, spec.wrapperKeys) : readCsvRecords(text);
  const problems = [...source.problems];
  const entries: ImportedSuppression[] = [];
  for (const record of source.records) {
    const entry = toSuppression(record, spec, options);
    if ('message' in entry) {
      problems.push(entry);
    } else {
      entries.push(entry);
    }
  }
  if (source.records.length === 0 && problems.length === 0) {
    problems.push({ line: 1, message: `no records found in this ${spec.label} export` });
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}

function toSuppression(
  record: SourceRecord,
  spec: SuppressionFormat,
  options: ParseOptions,
): ImportedSuppression | ImportProblem {
  const { line } = record;
  const address = fieldText(record, spec.addressFields);
  if (address === undefined || address === '') {
    return { line, message: `missing address (expected a field ${spec.addressFields.join(' or ')})` };
  }
  const normalised = normaliseAddress(address);
  if (!normalised.ok) {
    return { line, message: `invalid address ${JSON.stringify(address)}: ${normalised.message}` };
  }
  const rawDate = fieldValue(record, spec.dateFields) ?? options.defaultDate;
  if (rawDate === undefined || rawDate === '') {
    return { line, message: `missing date (expected a field ${spec.dateFields.join(' or ')}, or pass --default-date)` };
  }
  const at = parseImportDate(rawDate);
  if (at === undefined) {
    return { line, message: `invalid date ${JSON.stringify(rawDate)}` };
  }
  const own = fieldText(record, spec.reasonFields);
  const reason = own || options.defaultReason || spec.defaultReason;
  const meaning = spec.meaningOf(own || undefined, record);
  return { line, address: normalised.address, reason, occurredAt: new Date(at).toISOString(), meaning };
}
