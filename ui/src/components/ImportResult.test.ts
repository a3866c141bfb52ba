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
          updated: [],
          failed: [
            {
              path: '/home/ana/Downloads/menu.md',
              code: 'invalid_utf8',
              error: '/home/ana/Downloads/menu.md is not valid UTF-8 (line 1, column 6)',
            },
          ], cancelled: false
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

  it('shows no failure list when everything came in', () => {
    component = mount(ImportResult, {
      target: document.body,
      props: { report: { imported: [], unchanged: [2], updated: [], failed: [], cancelled: false }, onclose: () => {} },
    });
    expect(document.querySelector('[data-testid=import-failures]')).toBeNull();
    expect(document.body.textContent).toContain('1 already in the library');
  });
});
