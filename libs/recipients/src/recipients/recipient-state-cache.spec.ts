import { initialRecipientState } from '@app/domain';
import type { LoadedRecipient } from './recipient-state-cache';
import { RecipientStateCache } from './recipient-state-cache';
import { SeenFacts } from './seen-facts';

const loaded = (revision: number): LoadedRecipient => ({
  state: initialRecipientState(),
  seenFacts: SeenFacts.empty(),
  revision,
});

describe('RecipientStateCache', () => {
  it('evicts the least recently used stream once full, counting a read as a use', () => {
    const cache = new RecipientStateCache(2);
    cache.set('a', loaded(1));
    cache.set('b', loaded(2));
    cache.get('a');
    cache.set('c', loaded(3));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.revision).toBe(1);
    expect(cache.get('c')?.revision).toBe(3);
  });

  it('replaces the entry of a stream set again', () => {
    const cache = new RecipientStateCache(2);
    cache.set('a', loaded(1));
    cache.set('a', loaded(5));
    expect(cache.size).toBe(1);
    expect(cache.get('a')?.revision).toBe(5);
  });

  it('keeps a newer entry over an older one that a slow read brings back, and takes any revision after a delete', () => {
    const cache = new RecipientStateCache(2);
    cache.set('a', loaded(7));
    cache.set('a', loaded(4));
    expect(cache.get('a')?.revision).toBe(7);
    cache.set('a', loaded(7));
    expect(cache.get('a')?.revision).toBe(7);
    cache.delete('a');
    cache.set('a', loaded(-1));
    expect(cache.get('a')?.revision).toBe(-1);
  });

  it('forgets one stream on delete and every stream on clear', () => {
    const cache = new RecipientStateCache(10);
    cache.set('a', loaded(1));
    cache.set('b', loaded(2));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing with a capacity of 0 (STATE_CACHE_SIZE=0)', () => {
    const cache = new RecipientStateCache(0);
    cache.set('a', loaded(1));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
