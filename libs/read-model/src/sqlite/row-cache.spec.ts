import type { RecipientStatusRow } from '../read-model-store';
import { RowCache } from './row-cache';

/** The cache only keeps and hands back rows; their content does not matter here. */
const row = (address: string): RecipientStatusRow => ({ address }) as RecipientStatusRow;

describe('RowCache', () => {
  it('hands back the row it was given, and null for an address known to have none', () => {
    const cache = new RowCache(10);
    const a = row('a@example.com');
    cache.set('a@example.com', a);
    cache.set('none@example.com', null);
    expect(cache.get('a@example.com')).toBe(a);
    expect(cache.get('none@example.com')).toBeNull();
    expect(cache.get('unknown@example.com')).toBeUndefined();
  });

  it('evicts the least recently used address once full, counting a read as a use', () => {
    const cache = new RowCache(2);
    cache.set('a', row('a'));
    cache.set('b', null);
    cache.get('a');
    cache.set('c', row('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(row('a'));
    expect(cache.get('c')).toEqual(row('c'));
  });

  it('forgets one address on delete and every address on clear', () => {
    const cache = new RowCache(10);
    cache.set('a', row('a'));
    cache.set('b', null);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeNull();
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new RowCache(0);
    cache.set('a', row('a'));
    cache.set('b', null);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });
});
