import { describe, expect, it } from 'vitest';
import { LibraryState } from './library.svelte';
import { Problems } from './problems.svelte';
import { fakeCall } from './fake';
import { item, summary } from './samples';

const counts = { library: 3, books: 0, trash: 1 };
const tags = [{ name: 'rivers', clippingCount: 2, highlightCount: 0 }];

function setUp(failing: string | null = null) {
  const fake = fakeCall({
    list_page: ({ query }) => {
      if (failing) throw { code: failing, message: `the library is ${failing}` };
      return query.after === null
        ? { items: [summary(1), summary(2)], next: 'p2' }
        : { items: [summary(3)], next: null };
    },
    highlight_page: () => ({ items: [item(7, 1)], next: null }),
    counts: () => counts,
    list_tags: () => tags,
    rename_tag: () => ({ before: [], created: ['streams'] }),
    undo_tag_change: () => null,
    empty_trash: () => 1,
  });
  const problems = new Problems();
  return { fake, problems, library: new LibraryState(fake.call, problems) };
}

describe('the library state', () => {
  it('loads a view, its counts and tags, and pages on', async () => {
    const { library, fake } = setUp();
    await library.refresh();
    expect(library.loaded).toBe(true);
    expect(library.clippings.items.map((c) => c.id)).toEqual([1, 2]);
    expect(library.counts).toEqual(counts);
    expect(library.tagNames).toEqual(['rivers']);
    await library.more();
    expect(library.clippings.items.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(fake.of('list_page')[1]?.query.after).toBe('p2');
  });

  it('asks for what a view shows, in its sort and with its filters', async () => {
    const { library, fake } = setUp();
    library.show({ kind: 'tag', tag: 'rivers' });
    library.setSort('title');
    library.setFilters({ tags: ['sea'], color: 'blue', kind: null, from: '2026-01-01', to: null });
    await library.refresh();
    const query = fake.of('list_page').at(-1)?.query;
    expect(query?.tags).toEqual(['rivers', 'sea']);
    expect(query?.sort).toBe('title');
    expect(query?.color).toBe('blue');
    expect(query?.clippedFrom).toBe('2026-01-01');
    expect(library.activeFilters).toBe(3);
  });

  it('lists highlights in the Highlights views', async () => {
    const { library, fake } = setUp();
    library.show({ kind: 'highlights' });
    library.setHighlightFilters('pink', 'rivers');
    await library.refresh();
    expect(library.listsHighlights).toBe(true);
    expect(library.highlights.items.map((h) => h.id)).toEqual([7]);
    expect(fake.of('highlight_page').at(-1)?.query).toMatchObject({ color: 'pink', tag: 'rivers' });
  });

  it('says when the library itself cannot be used, and other errors in the banner', async () => {
    const unusable = setUp('newer_library');
    await unusable.library.refresh();
    expect(unusable.library.libraryError?.code).toBe('newer_library');
    expect(unusable.problems.error).toBeNull();
    const failing = setUp('database');
    await failing.library.refresh();
    expect(failing.library.libraryError).toBeNull();
    expect(failing.problems.error?.message).toBe('the library is database');
  });

  it('keeps saying the library is damaged once its check has failed, though reads still work', async () => {
    const { library } = setUp();
    await library.refresh();
    expect(library.libraryError).toBeNull();
    library.damaged({ code: 'damaged_library', message: '/data/library.sqlite is damaged' });
    await library.refresh();
    expect(library.libraryError?.code).toBe('damaged_library');
  });

  it('offers to undo a tag change, and leaves a view of the tag that went', async () => {
    const { library, fake } = setUp();
    library.show({ kind: 'tag', tag: 'rivers' });
    expect(await library.renameTag('rivers', 'streams')).toBe(true);
    expect(library.tagChange?.text).toBe('Renamed “rivers” to “streams”.');
    expect(library.view).toEqual({ kind: 'library' });
    expect(await library.undoTagChange()).toBe(true);
    expect(library.tagChange).toBeNull();
    expect(fake.of('undo_tag_change')).toEqual([{ change: { before: [], created: ['streams'] } }]);
  });

  it('empties the trash once confirmed, and keeps rows in step with changes', async () => {
    const { library } = setUp();
    await library.refresh();
    library.confirmingEmpty = true;
    expect(await library.emptyTrash()).toBe(true);
    expect(library.confirmingEmpty).toBe(false);
    library.updateClipping(2, { highlightCount: 4 });
    expect(library.clippings.items.find((c) => c.id === 2)?.highlightCount).toBe(4);
  });
});
