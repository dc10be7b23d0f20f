import { randomBytes } from 'node:crypto';
import { DEFAULT_POLICY_DOCUMENT } from '@app/domain';
import type { HistoryBlock } from './history-block';
import { generateBlock } from './history-block';

const END = Date.parse('2026-06-01T00:00:00Z');
const KEY = randomBytes(32).toString('hex');

function block(index: number, changes: Partial<HistoryBlock> = {}): HistoryBlock {
  return {
    index,
    first: index * 50,
    count: 50,
    events: 500,
    seed: 5,
    messageTokens: 1000,
    policy: DEFAULT_POLICY_DOCUMENT,
    end: END,
    span: 30 * 24 * 60 * 60 * 1000,
    key: KEY,
    ...changes,
  };
}

describe('a block of a generated history', () => {
  it('depends on nothing but itself, so any thread may generate it', () => {
    expect(generateBlock(block(3))).toEqual(generateBlock(block(3)));
  });

  it('differs from the other blocks of the history', () => {
    const eventIds = new Set(generateBlock(block(0)).map((row) => row.eventId));
    expect(generateBlock(block(1)).some((row) => eventIds.has(row.eventId))).toBe(false);
  });

  it('lands close to the events it aims at', () => {
    const rows = generateBlock(block(2, { count: 200, events: 2000 }));
    expect(rows.length).toBeGreaterThan(1800);
    expect(rows.length).toBeLessThan(2200);
  });

  it("mixes the streams in time order and keeps each stream's revisions in order", () => {
    const rows = generateBlock(block(4));
    const streams = new Set(rows.map((row) => row.streamId));
    expect(streams.size).toBe(50);
    const next = new Map<string, number>();
    let recorded = '';
    for (const row of rows) {
      expect(row.revision).toBe(next.get(row.streamId) ?? 0);
      next.set(row.streamId, row.revision + 1);
      expect(row.recordedAt >= recorded).toBe(true);
      recorded = row.recordedAt;
      expect(JSON.parse(row.data as string)).toEqual(expect.objectContaining({ address: expect.any(String) }));
    }
  });
});
