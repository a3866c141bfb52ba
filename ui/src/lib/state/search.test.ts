import { describe, expect, it } from 'vitest';
import { SearchState } from './search.svelte';
import { fakeCall } from './fake';
import type { Hit } from '../bindings';

function hit(clippingId: number, title: string): Hit {
  return { kind: 'clipping', clippingId, highlightId: null, title, snippet: title, color: null, note: null, score: 1 };
}

describe('the search field', () => {
  it('searches what is typed once typing pauses, and shows only the latest answer', async () => {
    let release: () => void = () => {};
    const fake = fakeCall({
      search: ({ query }) =>
        query === 'fer'
          ? new Promise<Hit[]>((resolve) => (release = () => resolve([hit(9, 'stale')])))
          : [hit(1, `hits of ${query}`)],
    });
    const search = new SearchState(fake.call, 0);
    search.type('fer');
    const slow = search.run();
    search.type('ferry');
    await search.run();
    release();
    await slow;
    expect(search.hits.map((h) => h.title)).toEqual(['hits of ferry']);
    expect(search.active).toBe(true);
    expect(search.current).toBe(true);
  });

  it('shows the core’s word on a query it cannot read, and clears', async () => {
    const fake = fakeCall({
      search: () => {
        throw { code: 'invalid_query', message: 'a “(” that is never closed (at character 7)' };
      },
    });
    const search = new SearchState(fake.call, 0);
    search.type('ferry (night');
    await search.run();
    expect(search.error?.code).toBe('invalid_query');
    search.clear();
    expect(search.active).toBe(false);
    expect(search.error).toBeNull();
    expect(search.hits).toEqual([]);
  });
});
