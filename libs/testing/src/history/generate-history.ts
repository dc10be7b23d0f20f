import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '@app/domain';
import { defaultPolicy } from '@app/domain';
import { openSqliteBulkLoader } from '@app/event-store';
import { EMBEDDED_DATABASE_FILE, resolveAddressHashKey } from '@app/recipients';
import type { HistoryBlock } from './history-block';
import { generateBlocks } from './history-blocks';

const DAY = 24 * 60 * 60 * 1000;

export interface GenerateHistoryOptions {
  /** The DATA_DIR to write the embedded store into; it must not hold events yet. */
  dataDir: string;
  recipients: number;
  /** Stored events to aim for (facts and decisions); the result lands close to it. */
  events: number;
  seed?: number;
  /** The history ends here (default: now), so recent quarantines are still in force. */
  end?: number;
  spanDays?: number;
  /** Recipients whose events are mixed in time order before writing: the log interleaves streams like a real one. */
  interleave?: number;
  /** Distinct per-message tokens in replies that carry one; bounds how often replies repeat. */
  messageTokens?: number;
  policy?: Policy;
  onProgress?: (written: number, target: number) => void;
}

export interface GeneratedHistory {
  path: string;
  recipients: number;
  events: number;
  elapsedMs: number;
}

/**
 * Writes a synthetic history into the embedded store: every fact decided by the real decider under the policy, so
 * the decisions are the ones the service would have recorded, then bulk loaded in large transactions (the append
 * path's per-append checks would make millions of events take hours). The recipients are generated in blocks of
 * `interleave`, each aiming at its share of the events, on worker threads when the compiled code runs.
 */
export async function generateHistory(options: GenerateHistoryOptions): Promise<GeneratedHistory> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const end = options.end ?? Date.now();
  const size = options.interleave ?? 10_000;
  mkdirSync(options.dataDir, { recursive: true });
  const key = resolveAddressHashKey(undefined, options.dataDir);
  const blocks: HistoryBlock[] = [];
  for (let first = 0; first < options.recipients; first += size) {
    const last = Math.min(first + size, options.recipients);
    blocks.push({
      index: blocks.length,
      first,
      count: last - first,
      events: shareOf(options, last) - shareOf(options, first),
      seed,
      messageTokens: options.messageTokens ?? 100_000,
      policy: (options.policy ?? defaultPolicy()).document,
      end,
      span: (options.spanDays ?? 120) * DAY,
      key,
    });
  }
  const path = join(options.dataDir, EMBEDDED_DATABASE_FILE);
  const loader = await openSqliteBulkLoader(path);
  try {
    let written = 0;
    await generateBlocks(blocks, (rows) => {
      loader.write(rows);
      written += rows.length;
      options.onProgress?.(written, options.events);
    });
    return { path, recipients: options.recipients, events: written, elapsedMs: performance.now() - started };
  } finally {
    loader.close();
  }
}

/** The events aimed at by the recipients before `index`. */
function shareOf({ events, recipients }: GenerateHistoryOptions, index: number): number {
  return Math.round((events * index) / recipients);
}
