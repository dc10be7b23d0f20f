import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 256 * 1024;

/**
 * Writes lines to a file descriptor in large chunks, synchronously: output keeps pace with the work and memory
 * stays flat however many lines there are, with no stream backpressure to manage.
 */
export class LineWriter {
  private buffer = '';

  private constructor(
    private readonly fd: number,
    private readonly owned: boolean,
  ) {}

  static toFile(path: string): LineWriter {
    return new LineWriter(openSync(path, 'w'), true);
  }

  static toStdout(): LineWriter {
    return new LineWriter(1, false);
  }

  line(text: string): void {
    this.buffer += `${text}\n`;
    if (this.buffer.length >= FLUSH_AT) {
      this.flush();
    }
  }

  flush(): void {
    if (this.buffer !== '') {
      writeAll(this.fd, this.buffer);
      this.buffer = '';
    }
  }

  close(): void {
    this.flush();
    if (this.owned) {
      closeSync(this.fd);
    }
  }
}

/** stdout may be a pipe that takes part of a write at a time (EAGAIN when non-blocking): keep writing the rest. */
function writeAll(fd: number, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
        throw error;
      }
    }
  }
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(',');
}
