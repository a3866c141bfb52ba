import { describe, expect, it } from 'vitest';
import { importSummary } from './imports';

describe('importSummary', () => {
  it('says what happened in a sentence', () => {
    expect(importSummary({ imported: [1, 2], unchanged: [3], updated: [], failed: [] })).toBe(
      'Imported 2 clippings · 1 already in the library',
    );
    expect(
      importSummary({
        imported: [],
        unchanged: [],
        updated: [4],
        failed: [{ path: '/a.md', code: 'invalid_utf8', error: 'bad' }],
      }),
    ).toBe('Updated 1 · 1 file failed');
    expect(importSummary({ imported: [], unchanged: [], updated: [], failed: [] })).toBe('Nothing to import');
    expect(
      importSummary({
        imported: [7],
        unchanged: [],
        updated: [],
        failed: [],
        highlights: { added: 6, merged: 1, skipped: 2 },
      }),
    ).toBe('Imported 1 clipping · 6 highlights added, 1 merged');
  });
});
