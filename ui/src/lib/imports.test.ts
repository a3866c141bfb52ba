import { describe, expect, it } from 'vitest';
import { importSummary, warningText } from './imports';

const none = { bookmarks: 0, clippedArticles: 0, limitPlaceholders: 0, empty: 0, fragments: 0, unreadable: 0 };

describe('importSummary', () => {
  it('says what happened in a sentence', () => {
    expect(importSummary({ imported: [1, 2], unchanged: [3], updated: [], inTrash: [], failed: [], cancelled: false, warnings: [] })).toBe(
      'Imported 2 clippings · 1 already in the library',
    );
    expect(
      importSummary({
        imported: [],
        unchanged: [],
        inTrash: [],
        updated: [4],
        failed: [{ path: '/a.md', code: 'invalid_utf8', error: 'bad' }], cancelled: false, warnings: [],
      }),
    ).toBe('Updated 1 · 1 file failed');
    expect(importSummary({ imported: [], unchanged: [], updated: [], inTrash: [], failed: [], cancelled: false, warnings: [] })).toBe('Nothing to import');
    expect(importSummary({ imported: [1], unchanged: [], updated: [], inTrash: [], failed: [], cancelled: true, warnings: [] })).toBe(
      'Imported 1 clipping · cancelled',
    );
    expect(
      importSummary({
        imported: [7],
        unchanged: [],
        inTrash: [],
        updated: [],
        failed: [], cancelled: false, warnings: [],
        highlights: { added: 6, merged: 1, skipped: { ...none, bookmarks: 1, limitPlaceholders: 2 } },
      }),
    ).toBe('Imported 1 clipping · 6 highlights added, 1 merged · skipped 1 bookmark, 2 clipping-limit placeholders');
    expect(
      importSummary({
        imported: [],
        unchanged: [7],
        inTrash: [],
        updated: [],
        failed: [], cancelled: false,
        warnings: [{ path: '/My Clippings.txt', entry: 4, line: 16, message: 'cannot tell' }],
        highlights: { added: 0, merged: 0, skipped: { ...none, unreadable: 1 } },
      }),
    ).toBe('1 already in the library · skipped 1 unreadable entry · 1 warning');
  });
});

describe('warningText', () => {
  it('names the entry and its line, or the line, before the message', () => {
    expect(warningText({ path: '/a.txt', entry: 4, line: 16, message: 'skipped' })).toBe('Entry 4 (line 16): skipped');
    expect(warningText({ path: '/a.txt', entry: 0, line: 3, message: 'NUL' })).toBe('Line 3: NUL');
    expect(warningText({ path: '/a.txt', entry: 0, line: 0, message: 'cut' })).toBe('cut');
  });
});
