import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One message found on disk or on standard input, with what names it in output and when it arrived. */
export interface MailMessage {
  /** `path`, `path#3` for the third message of an mbox file, or `-` for standard input. */
  label: string;
  bytes: Uint8Array;
  /** RFC 3339; the file's modification time (a maildir's delivery time), or now for standard input. */
  receivedAt: string;
}

/** A path that could not be read, reported without stopping the others. */
export interface UnreadablePath {
  label: string;
  error: string;
}

// mbox: each message starts with a "From " line at the start of the file or after a line break.
const MBOX_SEPARATOR = /(?:^|\r?\n)From [^\r\n]*\r?\n/;
// mboxrd quotes body lines that begin with "From " as ">From ", ">>From " for ">From ", and so on.
const QUOTED_FROM = /^>(>*From )/gm;

/**
 * The messages under each path: a maildir (its `cur` and `new` folders) or any folder of message files, an mbox
 * file, or a single message file (`.eml`). Files are read in name order, so runs are repeatable.
 */
export function* messagesAt(paths: readonly string[]): Generator<MailMessage | UnreadablePath> {
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) {
        yield* folderMessages(path);
      } else {
        yield* fileMessages(path);
      }
    } catch (error) {
      yield { label: path, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** The one message on standard input. */
export async function stdinMessage(): Promise<MailMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return { label: '-', bytes: Buffer.concat(chunks), receivedAt: new Date().toISOString() };
}

function* folderMessages(folder: string): Generator<MailMessage | UnreadablePath> {
  const entries = readdirSync(folder, { withFileTypes: true });
  const maildir = entries.filter((entry) => entry.isDirectory() && (entry.name === 'cur' || entry.name === 'new'));
  const folders = maildir.length > 0 ? maildir.map((entry) => join(folder, entry.name)).sort() : [folder];
  for (const each of folders) {
    const files = readdirSync(each, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => join(each, entry.name))
      .sort();
    for (const file of files) {
      try {
        yield* fileMessages(file);
      } catch (error) {
        yield { label: file, error: error instanceof Error ? error.message : String(error) };
      }
    }
  }
}

function* fileMessages(file: string): Generator<MailMessage> {
  const bytes = readFileSync(file);
  const receivedAt = statSync(file).mtime.toISOString();
  // Latin-1 maps every byte to one character and back, so splitting an mbox never alters a message's bytes.
  const text = bytes.toString('latin1');
  if (!text.startsWith('From ')) {
    yield { label: file, bytes, receivedAt };
    return;
  }
  const parts = text.split(MBOX_SEPARATOR).slice(1);
  for (const [index, part] of parts.entries()) {
    yield { label: `${file}#${index + 1}`, bytes: Buffer.from(part.replace(QUOTED_FROM, '$1'), 'latin1'), receivedAt };
  }
}
