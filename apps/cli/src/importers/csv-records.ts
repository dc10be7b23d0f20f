import type { ImportProblem, SourceRecord } from './source-record';
import { fieldKey } from './source-record';

/**
 * RFC 4180 CSV with a header row: quoted fields may hold commas, doubled quotes and line breaks, so each record
 * keeps the line it starts on for error messages.
 */
export function readCsvRecords(text: string): { records: SourceRecord[]; problems: ImportProblem[] } {
  const rows = tokenise(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
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

function tokenise(text: string): { rows: CsvRow[]; problems: ImportProblem[] } {
  const rows: CsvRow[] = [];
  const problems: ImportProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let endOfRow = false;
    while (i < text.length && !endOfRow) {
      const char = text[i]!;
      if (quoted) {
        if (char === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        if (char === '"') {
          quoted = false;
        } else {
          line += char === '\n' ? 1 : 0;
          cell += char;
        }
        i++;
        continue;
      }
      if (char === '"' && cell.trim() === '') {
        quoted = true;
        cell = '';
      } else if (char === ',') {
        cells.push(cell);
        cell = '';
      } else if (char === '\n' || char === '\r') {
        i += char === '\r' && text[i + 1] === '\n' ? 1 : 0;
        line++;
        endOfRow = true;
      } else {
        cell += char;
      }
      i++;
    }
    if (quoted) {
      problems.push({ line: start, message: 'unterminated quoted field' });
      break;
    }
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) {
      rows.push({ line: start, cells: cells.map((value) => value.trim()) });
    }
  }
  return { rows, problems };
}
