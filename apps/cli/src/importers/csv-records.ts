import { CsvError, parse } from 'csv-parse/sync';
import type { ImportProblem, SourceRecord } from './source-record';
import { fieldKey } from './source-record';

/**
 * RFC 4180 CSV with a header row, read by csv-parse: quoted fields may hold commas, doubled quotes and line breaks,
 * so each record keeps the line it starts on for error messages. Line breaks are made uniform first, so a file whose
 * lines end in CRLF, CR or LF, or a mix, reads the same, and every line break counts as exactly one line.
 */
export function readCsvRecords(text: string): { records: SourceRecord[]; problems: ImportProblem[] } {
  const rows = readRows(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const problems: ImportProblem[] = [...rows.problems];
  const [header, ...body] = rows.rows;
  if (header === undefined) {
    return { records: [], problems };
  }
  const keys = header.cells.map(fieldKey);
  const records: SourceRecord[] = [];
  for (const row of body) {
    if (row.cells.length !== keys.length) {
      problems.push({
        line: row.line,
        message: `expected ${keys.length} fields (${header.cells.join(', ')}), found ${row.cells.length}`,
      });
      continue;
    }
    const fields = new Map<string, unknown>();
    keys.forEach((key, index) => fields.set(key, row.cells[index]));
    records.push({ line: row.line, fields });
  }
  return { records, problems };
}

interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * The rows up to the first syntax error, which becomes a problem on the line its record starts (csv-parse names the
 * line it had reached, which for an unterminated quote is the end of the file).
 */
function readRows(text: string): { rows: CsvRow[]; problems: ImportProblem[] } {
  const rows: CsvRow[] = [];
  let lastLine = 0;
  try {
    parse(text, {
      record_delimiter: '\n',
      skip_empty_lines: true,
      relax_column_count: true,
      // A quote inside an unquoted field is a character like any other, as providers write them.
      relax_quotes: true,
      trim: true,
      on_record: (cells, { lines }) => {
        lastLine = lines;
        // `lines` is where the record ends; quoted line breaks inside it are the lines it spans.
        const line = lines - cells.reduce((breaks, cell) => breaks + cell.split('\n').length - 1, 0);
        // Whole cells are trimmed, quoted or not; a line holding only `""` is as empty as a blank one.
        const trimmed = cells.map((cell) => cell.trim());
        if (!(trimmed.length === 1 && trimmed[0] === '')) {
          rows.push({ line, cells: trimmed });
        }
        return null;
      },
    });
    return { rows, problems: [] };
  } catch (error) {
    if (!(error instanceof CsvError)) {
      throw error;
    }
    const message = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field' : withoutLine(error.message);
    return { rows, problems: [{ line: nextContentLine(text, lastLine), message }] };
  }
}

/** The first line after `line` that is not blank: where the record after the last good one starts. */
function nextContentLine(text: string, line: number): number {
  const lines = text.split('\n');
  let next = line + 1;
  while (next < lines.length && lines[next - 1]?.trim() === '') {
    next++;
  }
  return next;
}

/** csv-parse ends its messages with the line it reached; the problem carries the record's own line instead. */
function withoutLine(message: string): string {
  return message.replace(/ at line \d+$/, '');
}
