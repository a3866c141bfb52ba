import { describe, expect, it } from 'vitest';
import { Exports, viewQuery } from './exports.svelte';
import { fakeCall } from './fake';
import type { ExportReport } from '../bindings';

const done: ExportReport = {
  format: 'markdown',
  path: '/notes',
  written: 2,
  updated: 0,
  unchanged: 1,
  clippings: 3,
  highlights: 9,
};

describe('exports', () => {
  it('exports what the window shows when asked to', async () => {
    const fake = fakeCall({ export: () => done });
    const exports = new Exports(fake.call);
    exports.show();
    exports.out = '  /notes ';
    exports.scope = 'view';
    exports.withBody = true;
    await exports.run({ view: { kind: 'tag', tag: 'rivers' }, search: 'ferry', clipping: 4 });
    expect(fake.of('export')).toEqual([
      { format: 'markdown', out: '/notes', query: '(ferry) tag:"rivers"', clippings: [], withBody: true },
    ]);
    expect(exports.report).toEqual(done);
    exports.scope = 'clipping';
    exports.format = 'csv';
    await exports.run({ view: { kind: 'library' }, search: '', clipping: 4 });
    expect(fake.of('export')[1]).toEqual({ format: 'csv', out: '/notes', query: null, clippings: [4], withBody: false });
  });

  it('asks nothing without a destination, and shows why an export failed', async () => {
    const fake = fakeCall({
      export: () => {
        throw { code: 'io', message: 'cannot write /nowhere' };
      },
    });
    const exports = new Exports(fake.call);
    await exports.run({ view: { kind: 'library' }, search: '', clipping: null });
    expect(fake.of('export')).toEqual([]);
    exports.out = '/nowhere';
    await exports.run({ view: { kind: 'library' }, search: '', clipping: null });
    expect(exports.error?.message).toBe('cannot write /nowhere');
    expect(exports.working).toBe(false);
  });

  it('says each view as a search', () => {
    expect(viewQuery({ kind: 'library' })).toBeNull();
    expect(viewQuery({ kind: 'books' })).toBe('kind:book');
    expect(viewQuery({ kind: 'notes' })).toBe('has:note');
    expect(viewQuery({ kind: 'tag', tag: 'a "b"' })).toBe('tag:"a b"');
  });
});
