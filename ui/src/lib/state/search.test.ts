import { describe, expect, it } from 'vitest';
import { SearchState } from './search.svelte';
import { fakeCall } from './fake';
import type { Hit, HitPage, SavedSearch, SearchScope } from '../bindings';
import { Problems } from './problems.svelte';

function hit(clippingId: number, title: string): Hit {
  return { kind: 'clipping', clippingId, highlightId: null, title, snippet: title, color: null, note: null, score: 1 };
}

function page(...items: Hit[]): HitPage {
  return { items, next: null };
}

const WHOLE: SearchScope = { tags: [], color: null, kind: null, clippedFrom: null, clippedTo: null, trash: false };

describe('the search field', () => {
  it('searches at each keystroke, one search at a time, and shows the latest answer', async () => {
    const releases: (() => void)[] = [];
    const fake = fakeCall({
      search: ({ query }) =>
        new Promise<HitPage>((resolve) => releases.push(() => resolve(page(hit(1, `hits of ${query}`))))),
    });
    const search = new SearchState(fake.call);
    search.type('f');
    search.type('fe');
    search.type('fer');
    // One search runs; what was typed meanwhile waits for it.
    expect(fake.of('search').map((a) => a.query)).toEqual(['f']);
    expect(search.current).toBe(false);
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    // Then only the latest of what was typed is searched.
    expect(fake.of('search').map((a) => a.query)).toEqual(['f', 'fer']);
    expect(search.current).toBe(false);
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(search.hits.items.map((h) => h.title)).toEqual(['hits of fer']);
    expect(search.active).toBe(true);
    expect(search.current).toBe(true);
  });

  it('shows the core’s word on a query it cannot read, and clears', async () => {
    const fake = fakeCall({
      search: () => {
        throw { code: 'invalid_query', message: 'a “(” that is never closed (at character 7)' };
      },
    });
    const search = new SearchState(fake.call);
    search.type('ferry (night');
    await search.run();
    expect(search.error?.code).toBe('invalid_query');
    search.clear();
    expect(search.active).toBe(false);
    expect(search.error).toBeNull();
    expect(search.hits.items).toEqual([]);
  });

  it('pages its hits, narrowed by the scope and in the order asked for', async () => {
    const fake = fakeCall({
      search: ({ after }) =>
        after === null ? { items: [hit(1, 'one')], next: '1' } : { items: [hit(2, 'two')], next: null },
    });
    const scope: SearchScope = { ...WHOLE, tags: ['boats'], trash: true };
    const search = new SearchState(fake.call, () => scope);
    search.type('ferry');
    search.setSort('newest');
    await search.run();
    await search.more();
    expect(search.hits.items.map((h) => h.title)).toEqual(['one', 'two']);
    const asked = fake.of('search');
    expect(asked.at(-1)).toEqual({ query: 'ferry', sort: 'newest', scope, after: '1', limit: 50 });
  });
});

describe('saved searches', () => {
  it('are saved, opened, renamed, moved and deleted, the list asked for again after each', async () => {
    let stored: SavedSearch[] = [];
    const fake = fakeCall({
      search: ({ query }) => page(hit(1, query)),
      saved_searches: () => stored,
      save_search: ({ name, query }) => {
        stored = [...stored, { name, query, count: 1 }];
        return null;
      },
      rename_search: ({ old, new: name }) => {
        stored = stored.map((s) => (s.name === old ? { ...s, name } : s));
        return null;
      },
      reorder_searches: ({ names }) => {
        stored = names.map((n) => stored.find((s) => s.name === n)!);
        return null;
      },
      delete_search: ({ name }) => {
        stored = stored.filter((s) => s.name !== name);
        return null;
      },
    });
    const search = new SearchState(fake.call);
    search.type('ferry tag:boats');
    expect(await search.save('Boats')).toBe(true);
    search.type('cafe');
    await search.save('Coffee');
    expect(search.saved.map((s) => s.name)).toEqual(['Boats', 'Coffee']);
    expect(search.openSaved?.name).toBe('Coffee');
    // Edited, the field no longer shows the saved search.
    search.type('cafe crews');
    expect(search.openSaved).toBeNull();

    await search.open(stored[0]!);
    expect(search.query).toBe('ferry tag:boats');
    expect(search.openSaved?.name).toBe('Boats');
    expect(search.hits.items.map((h) => h.title)).toEqual(['ferry tag:boats']);

    await search.rename('Boats', 'Ferries');
    expect(search.openSaved?.name).toBe('Ferries');
    await search.move('Coffee', -1);
    expect(search.saved.map((s) => s.name)).toEqual(['Coffee', 'Ferries']);
    expect(await search.move('Coffee', -1)).toBe(false);
    await search.remove('Ferries');
    expect(search.saved.map((s) => s.name)).toEqual(['Coffee']);
    expect(search.openName).toBeNull();
  });

  it('report what the core refuses', async () => {
    const problems = new Problems();
    const fake = fakeCall({
      saved_searches: () => [],
      save_search: () => {
        throw { code: 'invalid_argument', message: 'A saved search needs a name.' };
      },
    });
    const search = new SearchState(fake.call, undefined, problems);
    search.type('ferry');
    expect(await search.save('  ')).toBe(false);
    expect(problems.error?.message).toBe('A saved search needs a name.');
  });
});
