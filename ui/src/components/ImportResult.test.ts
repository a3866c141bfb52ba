import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import ImportResult from './ImportResult.svelte';

let component: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('ImportResult', () => {
  it('names each failed file and says why', () => {
    const onclose = vi.fn();
    component = mount(ImportResult, {
      target: document.body,
      props: {
        report: {
          imported: [1],
          unchanged: [],
          inTrash: [],
          updated: [],
          failed: [
            {
              path: '/home/ana/Downloads/menu.md',
              code: 'invalid_utf8',
              error: '/home/ana/Downloads/menu.md is not valid UTF-8 (line 1, column 6)',
            },
          ], cancelled: false, warnings: [],
        },
        onclose,
      },
    });
    const result = document.querySelector('[data-testid=import-result]');
    expect(result?.textContent).toContain('Imported 1 clipping · 1 file failed');
    const failure = document.querySelector('[data-testid=import-failures] li');
    expect(failure?.querySelector('strong')?.textContent).toBe('menu.md');
    expect(failure?.textContent).toContain('line 1, column 6');

    (document.querySelector('button') as HTMLButtonElement).click();
    flushSync();
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('lists each warning with its file, entry and line', () => {
    component = mount(ImportResult, {
      target: document.body,
      props: {
        report: {
          imported: [3],
          unchanged: [],
          inTrash: [],
          updated: [],
          failed: [],
          cancelled: false,
          highlights: {
            added: 2,
            merged: 0,
            skipped: { bookmarks: 0, clippedArticles: 0, limitPlaceholders: 0, empty: 0, fragments: 0, unreadable: 1 },
          },
          warnings: [{ path: '/media/kindle/My Clippings.txt', entry: 4, line: 16, message: 'cannot tell what it is; skipped' }],
        },
        onclose: () => {},
      },
    });
    expect(document.querySelector('[data-testid=import-result]')?.textContent).toContain('1 warning');
    const warning = document.querySelector('[data-testid=import-warnings] li');
    expect(warning?.querySelector('strong')?.textContent).toBe('My Clippings.txt');
    expect(warning?.textContent).toContain('Entry 4 (line 16): cannot tell what it is; skipped');
  });

  it('shows no failure list when everything came in', () => {
    component = mount(ImportResult, {
      target: document.body,
      props: { report: { imported: [], unchanged: [2], updated: [], inTrash: [], failed: [], cancelled: false, warnings: [] }, onclose: () => {} },
    });
    expect(document.querySelector('[data-testid=import-failures]')).toBeNull();
    expect(document.querySelector('[data-testid=import-warnings]')).toBeNull();
    expect(document.body.textContent).toContain('1 already in the library');
  });
});
