import { describe, expect, it, vi } from 'vitest';
import { LibraryState } from './library.svelte';
import { Problems } from './problems.svelte';
import { ReaderState } from './reader.svelte';
import { fakeCall } from './fake';
import { clipping, highlight, item, summary } from './samples';

function setUp() {
  const stored = new Map([[1, [highlight(10, 1, 4, 9)]]]);
  let nextId = 11;
  const fake = fakeCall({
    get_clipping: ({ id }) => clipping(id),
    list_highlights: ({ clippingId }) => stored.get(clippingId) ?? [],
    list_page: () => ({ items: [summary(1), summary(2)], next: null }),
    counts: () => ({ library: 2, books: 0, trash: 0 }),
    list_tags: () => [],
    add_highlight: (args) => ({ ...highlight(nextId++, args.clippingId, args.start, args.end), color: args.color }),
    edit_highlight: ({ id, color }) => ({ ...highlight(id, 1, 4, 9), color: color ?? 'yellow' }),
    delete_highlight: ({ id }) => highlight(id, 1, 4, 9),
    restore_highlight: ({ id }) => highlight(id, 1, 4, 9),
    set_trashed: () => null,
    copy_quote: () => ({ text: '“words”', markdown: '> words' }),
    copy_clipping_markdown: () => '# Title\n',
  });
  const problems = new Problems();
  const library = new LibraryState(fake.call, problems);
  return { fake, problems, library, reader: new ReaderState(fake.call, problems, library) };
}

describe('the reader state', () => {
  it('opens a clipping with its highlights; only the latest request fills it', async () => {
    const { reader } = setUp();
    const first = reader.open(2);
    const second = reader.open(1);
    await Promise.all([first, second]);
    expect(reader.clipping?.id).toBe(1);
    expect(reader.highlights.map((h) => h.id)).toEqual([10]);
    expect(reader.selectedId).toBe(1);
  });

  it('shows a highlight asked for from the Highlights view, and forgets it from the list', async () => {
    const { reader } = setUp();
    await reader.openHighlight(item(10, 1));
    expect(reader.reveal).toEqual({ id: 10 });
    await reader.openClipping(2);
    expect(reader.reveal).toBeNull();
  });

  it('makes highlights in reading order and keeps the list count in step', async () => {
    const { reader, library } = setUp();
    await library.refresh();
    await reader.open(1);
    const made = await reader.highlight({ start: 0, end: 3, exact: 'The' }, 'green');
    expect(made?.color).toBe('green');
    expect(reader.highlights.map((h) => h.start)).toEqual([0, 4]);
    expect(library.clippings.items.find((c) => c.id === 1)?.highlightCount).toBe(2);
    await reader.recolor(10, 'blue');
    expect(reader.highlights.find((h) => h.id === 10)?.color).toBe('blue');
  });

  it('deletes a highlight with a notice that offers Undo, which brings it back', async () => {
    vi.useFakeTimers();
    const { reader } = setUp();
    await reader.open(1);
    expect(await reader.remove(10)).toBe(true);
    expect(reader.highlights).toEqual([]);
    expect(reader.notice).toEqual({ text: 'Highlight deleted.', undo: true });
    expect(reader.canUndo).toBe(true);
    await reader.undo();
    expect(reader.highlights.map((h) => h.id)).toEqual([10]);
    expect(reader.notice).toBeNull();
    expect(reader.canUndo).toBe(false);
    await reader.copy('words', null, true);
    expect(reader.notice?.text).toBe('Copied as Markdown.');
    vi.advanceTimersByTime(3000);
    expect(reader.notice).toBeNull();
    vi.useRealTimers();
  });

  it('copies the open clipping as Markdown', async () => {
    const { reader, fake } = setUp();
    await reader.copyMarkdown();
    expect(fake.of('copy_clipping_markdown')).toEqual([]);
    await reader.open(1);
    await reader.copyMarkdown();
    expect(fake.of('copy_clipping_markdown')).toEqual([{ id: 1 }]);
    expect(reader.notice?.text).toContain('Copied as Markdown');
  });

  it('reports a failure and keeps what it had', async () => {
    const { reader, problems } = setUp();
    await reader.open(1);
    expect(await reader.highlight({ start: 0, end: 3, exact: 'The' }, 'yellow')).not.toBeNull();
    const failing = new ReaderState(
      async () => {
        throw { code: 'quote_not_found', message: 'the words are not there' };
      },
      problems,
    );
    expect(await failing.remove(10)).toBe(false);
    expect(problems.error?.code).toBe('quote_not_found');
  });

  it('empties when its clipping goes to the trash', async () => {
    const { reader, fake } = setUp();
    await reader.open(1);
    await reader.setTrashed(true);
    expect(reader.clipping).toBeNull();
    expect(reader.selectedId).toBeNull();
    expect(fake.of('set_trashed')).toEqual([{ clippingId: 1, trashed: true }]);
  });
});
