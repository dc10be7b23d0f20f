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

export function formatProblem(problem: ImportProblem): string {
  return `line ${problem.line}: ${problem.message}`;
}
