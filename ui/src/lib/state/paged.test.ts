import { describe, expect, it } from 'vitest';
import { PagedList, type PageOf } from './paged.svelte';

/** Pages of the numbers 1 to `total`, `size` at a time. */
function pages(total: number, size: number) {
  return async (cursor: string | null): Promise<PageOf<number>> => {
    const from = cursor === null ? 0 : Number(cursor);
    const items = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i + 1);
    return { items, next: from + size < total ? String(from + size) : null };
  };
}

describe('a paged list', () => {
  it('loads its first page, then the next ones, until the end', async () => {
    const list = new PagedList<number>();
    expect(await list.load(pages(5, 2))).toBe(true);
    expect(list.items).toEqual([1, 2]);
    await list.more();
    await list.more();
    expect(list.items).toEqual([1, 2, 3, 4, 5]);
    expect(list.next).toBeNull();
    await list.more();
    expect(list.items).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops the answer to a request a newer one overtook', async () => {
    const list = new PagedList<number>();
    let release: (page: PageOf<number>) => void = () => {};
    const slow = list.load(() => new Promise((resolve) => (release = resolve)));
    await list.load(pages(3, 3));
    release({ items: [99], next: null });
    expect(await slow).toBe(false);
    expect(list.items).toEqual([1, 2, 3]);
  });

  it('keeps its cursor when a page fails, so that scrolling again asks again', async () => {
    const list = new PagedList<number>();
    let fail = true;
    const good = pages(4, 2);
    await list.load(async (cursor) => {
      if (cursor !== null && fail) throw new Error('offline');
      return good(cursor);
    });
    await expect(list.more()).rejects.toThrow('offline');
    expect(list.next).toBe('2');
    fail = false;
    await list.more();
    expect(list.items).toEqual([1, 2, 3, 4]);
  });

  it('changes items in place and empties', async () => {
    const list = new PagedList<number>();
    await list.load(pages(3, 3));
    list.update((n) => n * 10);
    expect(list.items).toEqual([10, 20, 30]);
    list.clear();
    expect(list.items).toEqual([]);
    expect(list.next).toBeNull();
  });
});
