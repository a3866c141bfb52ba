import { describe, expect, it } from 'vitest';
import { filterCount, NO_FILTERS, queryFor, tagTitle, tagTree, visibleRange } from './views';

describe('tagTree', () => {
  it('shows every level, parents first, with their own counts', () => {
    const tree = tagTree([
      { name: 'politics/europe', clippingCount: 2, highlightCount: 1 },
      { name: 'history', clippingCount: 1, highlightCount: 0 },
      { name: 'politics/asia/japan', clippingCount: 1, highlightCount: 0 },
      { name: 'politics two', clippingCount: 3, highlightCount: 0 },
    ]);
    expect(tree.map((n) => `${'  '.repeat(n.depth)}${n.label}:${n.clippings}`)).toEqual([
      'history:1',
      'politics:0',
      '  asia:0',
      '    japan:1',
      '  europe:2',
      'politics two:3',
    ]);
    expect(tree.filter((n) => n.parent).map((n) => n.name)).toEqual(['politics', 'politics/asia']);
  });

  it('says what each entry lists, a parent the tags beneath it too', () => {
    const [history, politics, asia, japan] = tagTree([
      { name: 'history', clippingCount: 1, highlightCount: 0 },
      { name: 'politics/asia', clippingCount: 1001, highlightCount: 2 },
      { name: 'politics/asia/japan', clippingCount: 2, highlightCount: 1 },
    ]);
    expect(tagTitle(history!)).toBe('history: 1 clipping, 0 highlights. Double-click to rename.');
    expect(tagTitle(politics!)).toBe(
      'politics: the clippings and highlights of the tags beneath it. Double-click to rename.',
    );
    expect(tagTitle(asia!)).toBe(
      'politics/asia: 1,001 clippings, 2 highlights, and those of the tags beneath it. Double-click to rename.',
    );
    expect(tagTitle(japan!)).toBe('politics/asia/japan: 2 clippings, 1 highlight. Double-click to rename.');
  });
});

describe('queryFor', () => {
  it('filters a tag view by its tag and the trash by its flag', () => {
    expect(queryFor({ kind: 'tag', tag: 'politics' }, 'title', null).tags).toEqual(['politics']);
    expect(queryFor({ kind: 'trash' }, 'clipped', 'c').trash).toBe(true);
    expect(queryFor({ kind: 'books' }, 'clipped', null).kind).toBe('book');
  });

  it('adds the filters to what the view shows, each tag once', () => {
    const filters = { tags: ['Politics', 'essays'], color: 'green' as const, kind: 'article' as const, from: '2026-01-01', to: '' };
    const query = queryFor({ kind: 'tag', tag: 'politics' }, 'clipped', null, filters);
    expect(query.tags).toEqual(['politics', 'essays']);
    expect(query.color).toBe('green');
    expect(query.kind).toBe('article');
    expect(query.clippedFrom).toBe('2026-01-01');
    expect(query.clippedTo).toBeNull();
    expect(queryFor({ kind: 'books' }, 'clipped', null, filters).kind).toBe('book');
    expect(filterCount(filters)).toBe(5);
    expect(filterCount(NO_FILTERS)).toBe(0);
  });
});

describe('visibleRange', () => {
  it('keeps only the rows in view, and a few around them', () => {
    expect(visibleRange(100_000, 0, 840, 84, 8)).toEqual([0, 18]);
    expect(visibleRange(100_000, 84 * 50_000, 840, 84, 8)).toEqual([49_992, 50_018]);
    expect(visibleRange(100_000, 84 * 100_000, 840, 84, 8)).toEqual([99_992, 100_000]);
    expect(visibleRange(5, 0, 840, 84, 8)).toEqual([0, 5]);
  });
});
