/** One record of a suppression-list export, before it is understood, with the line it came from. */
export interface SourceRecord {
  line: number;
  /** Values by `fieldKey` of their column or property name. */
  fields: Map<string, unknown>;
}

export interface ImportProblem {
  line: number;
  message: string;
}

/** Column and property names compared without case, spaces or punctuation: "Created At" = "created_at" = "createdAt". */
export function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The first of `names` the record has a non-empty value for, as stored. */
export function fieldValue(record: SourceRecord, names: readonly string[]): unknown {
  for (const name of names) {
    const value = record.fields.get(fieldKey(name));
    if (value !== undefined && value !== null && value !== '') {
      return value;
    }
  }
  return undefined;
}

/** The first of `names` the record has a non-empty value for, as trimmed text (numbers as JSON). */
export function fieldText(record: SourceRecord, names: readonly string[]): string | undefined {
  const value = fieldValue(record, names);
  if (value === undefined) {
    return undefined;
  }
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

export function formatProblem(problem: ImportProblem): string {
  return `line ${problem.line}: ${problem.message}`;
}
