import { describe, expect, it } from 'vitest';
import { byline, countOf, fileName, formatDate, nextIndex, placeOf } from './format';
import type { ClippingSummary } from './bindings';

describe('formatDate', () => {
  it('shows a bare date as that calendar day in every time zone', () => {
    expect(formatDate('2026-03-04', 'en-GB')).toBe('4 Mar 2026');
    expect(formatDate('2026-01-01', 'en-US')).toBe('Jan 1, 2026');
  });
  it('shows nothing for no date and the text itself for an unreadable one', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate('sometime')).toBe('sometime');
  });
});

describe('byline', () => {
  const base: ClippingSummary = {
    id: 1,
    kind: 'article',
    title: 'T',
    author: 'Mirela Okafor',
    siteName: 'harbordaily.example',
    sourceUrl: null,
    publishedAt: '2026-03-04',
    clippedAt: '2026-11-27T10:00:00Z',
    highlightCount: 0,
    tags: [],
    deletedAt: null,
  };
  it('joins what is known', () => {
    expect(byline(base, 'en-GB')).toBe('Mirela Okafor · harbordaily.example · 4 Mar 2026');
    expect(byline({ ...base, author: null, publishedAt: null }, 'en-GB')).toBe('harbordaily.example');
  });
  it('counts a book\'s highlights', () => {
    expect(byline({ ...base, kind: 'book', siteName: null, highlightCount: 12 })).toBe('Mirela Okafor · 12 highlights');
    expect(byline({ ...base, kind: 'book', author: null, highlightCount: 1 })).toBe('1 highlight');
  });
});

describe('fileName', () => {
  it('takes the last component of Unix and Windows paths', () => {
    expect(fileName('/home/ana/notes/story.md')).toBe('story.md');
    expect(fileName('C:\\Users\\ana\\story.md')).toBe('story.md');
  });
});

describe('nextIndex', () => {
  it('moves within bounds', () => {
    expect(nextIndex('ArrowDown', -1, 3)).toBe(0);
    expect(nextIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextIndex('End', 0, 3)).toBe(2);
    expect(nextIndex('Home', 2, 3)).toBe(0);
    expect(nextIndex('PageDown', 0, 30)).toBe(10);
  });
  it('ignores other keys and empty lists', () => {
    expect(nextIndex('a', 0, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('placeOf', () => {
  it('names the page and the Kindle location, ranges with an en dash', () => {
    expect(placeOf({ page: '9', location: '214-215' })).toBe('Page 9 · Location 214–215');
    expect(placeOf({ page: 'xii', location: null })).toBe('Page xii');
    expect(placeOf({ page: null, location: '100' })).toBe('Location 100');
    expect(placeOf({ page: null, location: null })).toBe('');
  });
});

describe('countOf', () => {
  it('counts in the singular or plural, with thousands grouped', () => {
    expect(countOf(1, 'highlight', 'highlights')).toBe('1 highlight');
    expect(countOf(0, 'highlight', 'highlights')).toBe('0 highlights');
    expect(countOf(1001, 'highlight', 'highlights')).toBe('1,001 highlights');
  });
});
