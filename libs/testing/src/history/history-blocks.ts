import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { BlockRows, HistoryBlock } from './history-block';
import { generateBlock } from './history-block';

/** What a worker thread this module starts is given, to tell it from other workers that load the module. */
const BLOCK_WORKER = 'history-block-worker';
/** Blocks generated ahead of the one being written, per worker: enough to keep the workers busy meanwhile. */
const AHEAD_PER_WORKER = 2;

/**
 * Generates the blocks and hands their rows to `write` in block order. When this module runs compiled (a worker thread
 * cannot load it from sources), the blocks are generated on one worker thread per core while this thread writes; the
 * rows are the same either way, since a block depends on nothing but itself.
 */
export async function generateBlocks(blocks: readonly HistoryBlock[], write: (rows: BlockRows) => void): Promise<void> {
  if (!__filename.endsWith('.js') || blocks.length < 2) {
    for (const block of blocks) {
      write(generateBlock(block));
    }
    return;
  }
  const workers = Array.from({ length: Math.min(availableParallelism(), blocks.length) }, () => new BlockWorker());
  try {
    const pending: Promise<BlockRows>[] = [];
    let next = 0;
    const dispatch = (): void => {
      const block = blocks[next]!;
      pending.push(workers[next % workers.length]!.generate(block));
      next++;
    };
    while (next < Math.min(blocks.length, workers.length * AHEAD_PER_WORKER)) {
      dispatch();
    }
    while (pending.length > 0) {
      const rows = await pending.shift()!;
      // The next block goes out before this one is written, so the workers generate while this thread writes.
      if (next < blocks.length) {
        dispatch();
      }
      write(rows);
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

interface Waiting {
  resolve: (rows: BlockRows) => void;
  reject: (error: Error) => void;
}

/** A worker thread generating the blocks it is sent, answering them in the order it was sent them. */
class BlockWorker {
  private readonly worker = new Worker(__filename, { workerData: BLOCK_WORKER });
  private readonly waiting: Waiting[] = [];

  constructor() {
    this.worker.on('message', (rows: BlockRows) => this.waiting.shift()?.resolve(rows));
    this.worker.on('error', (error) => this.waiting.splice(0).forEach(({ reject }) => reject(error)));
  }

  generate(block: HistoryBlock): Promise<BlockRows> {
    const rows = new Promise<BlockRows>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // A failure is met when the block's turn to be written comes; until then it must not count as unhandled.
    rows.catch(() => undefined);
    this.worker.postMessage(block);
    return rows;
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && workerData === BLOCK_WORKER) {
  parentPort?.on('message', (block: HistoryBlock) => parentPort?.postMessage(generateBlock(block)));
}
