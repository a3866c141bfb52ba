import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { Highlight } from '../lib/bindings';
import HighlightPanel from './HighlightPanel.svelte';

let component: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

function highlight(id: number, status: Highlight['status'] = 'anchored'): Highlight {
  return {
    id,
    clippingId: 1,
    text: `Words ${id}`,
    note: '',
    noteHtml: '',
    color: 'yellow',
    location: null,
    page: null,
    createdAt: '2026-01-01T00:00:00Z',
    status,
    start: status === 'orphaned' ? null : id * 10,
    end: status === 'orphaned' ? null : id * 10 + 5,
    prefix: '',
    suffix: '',
    previousText: null,
    tags: [],
  };
}

const entries = () => document.querySelectorAll('[data-testid=panel-highlight]').length;
const orphans = () => document.querySelectorAll('[data-testid=panel-orphan]').length;
const more = () =>
  Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Show more');

describe('HighlightPanel', () => {
  it('lists a long list a part at a time, and its orphans after the whole of it', () => {
    const list = [...Array.from({ length: 230 }, (_, i) => highlight(i + 1)), highlight(999, 'orphaned')];
    component = mount(HighlightPanel, {
      target: document.body,
      props: { highlights: list, onOpen: vi.fn() },
    });
    flushSync();
    expect(document.querySelector('h2')?.textContent).toBe('231 highlights');
    expect(entries()).toBe(50);
    expect(orphans()).toBe(0);
    more()?.click();
    flushSync();
    expect(entries()).toBe(150);
    more()?.click();
    flushSync();
    expect(entries()).toBe(230);
    expect(more()).toBeUndefined();
    expect(orphans()).toBe(1);
  });

  it('lists the highlight chosen in the article, however far down', () => {
    const list = Array.from({ length: 500 }, (_, i) => highlight(i + 1));
    component = mount(HighlightPanel, {
      target: document.body,
      props: { highlights: list, selectedId: 420, onOpen: vi.fn() },
    });
    flushSync();
    expect(document.querySelector('[data-highlight-id="420"]')).not.toBeNull();
    expect(document.querySelector('[data-highlight-id="420"]')?.classList.contains('selected')).toBe(true);
  });

  it('lists a short list whole', () => {
    component = mount(HighlightPanel, {
      target: document.body,
      props: { highlights: [highlight(1), highlight(2, 'orphaned')], onOpen: vi.fn() },
    });
    flushSync();
    expect(entries()).toBe(1);
    expect(orphans()).toBe(1);
    expect(more()).toBeUndefined();
  });
});
