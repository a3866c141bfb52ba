import { describe, expect, it } from 'vitest';
import { queryFor, tagTree } from './views';

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
  });
});

describe('queryFor', () => {
  it('filters a tag view by its tag and the trash by its flag', () => {
    expect(queryFor({ kind: 'tag', tag: 'politics' }, 'title', null).tags).toEqual(['politics']);
    expect(queryFor({ kind: 'trash' }, 'clipped', 'c').trash).toBe(true);
    expect(queryFor({ kind: 'books' }, 'clipped', null).kind).toBe('book');
  });
});
