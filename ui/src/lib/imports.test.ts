import { describe, expect, it } from 'vitest';
import { importSummary } from './imports';

describe('importSummary', () => {
  it('says what happened in a sentence', () => {
    expect(importSummary({ imported: [1, 2], unchanged: [3], updated: [], failed: [], cancelled: false })).toBe(
      'Imported 2 clippings · 1 already in the library',
    );
    expect(
      importSummary({
        imported: [],
        unchanged: [],
        updated: [4],
        failed: [{ path: '/a.md', code: 'invalid_utf8', error: 'bad' }], cancelled: false
      }),
    ).toBe('Updated 1 · 1 file failed');
    expect(importSummary({ imported: [], unchanged: [], updated: [], failed: [], cancelled: false })).toBe('Nothing to import');
    expect(importSummary({ imported: [1], unchanged: [], updated: [], failed: [], cancelled: true })).toBe(
      'Imported 1 clipping · cancelled',
    );
    expect(
      importSummary({
        imported: [7],
        unchanged: [],
        updated: [],
        failed: [], cancelled: false,
        highlights: { added: 6, merged: 1, skipped: 2 },
      }),
    ).toBe('Imported 1 clipping · 6 highlights added, 1 merged');
  });
});
