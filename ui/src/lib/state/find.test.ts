import { describe, expect, it } from 'vitest';
import { FindState } from './find.svelte';
import { fakeCall } from './fake';

const spans = (...starts: number[]) => starts.map((start) => ({ start, end: start + 5 }));

describe('find in the article', () => {
  it('marks a search’s words, then what the find bar finds, and steps round them', async () => {
    const fake = fakeCall({
      search_matches: () => spans(3, 40),
      find_in_clipping: ({ needle }) => (needle === 'ferry' ? spans(10, 20, 30) : []),
    });
    const find = new FindState(fake.call, 0);
    await find.showQuery(7, 'night ferry', true);
    expect(find.shown).toBe(true);
    expect(find.open).toBe(false);
    expect(find.query).toBe('night ferry');
    expect(find.spans.map((s) => s.start)).toEqual([3, 40]);
    expect(find.current).toBe(0);
    const scrolled = find.scrolls;

    // The find bar takes over from the search's matches.
    find.start(7);
    expect(find.query).toBeNull();
    expect(find.spans).toEqual([]);
    find.type(7, 'ferry');
    await find.look(7);
    expect(find.spans.map((s) => s.start)).toEqual([10, 20, 30]);
    expect(find.scrolls).toBeGreaterThan(scrolled);
    expect(fake.of('find_in_clipping').at(-1)).toEqual({ clippingId: 7, needle: 'ferry' });

    find.step(1);
    find.step(1);
    expect(find.current).toBe(2);
    find.step(1);
    expect(find.current).toBe(0);
    find.step(-1);
    expect(find.current).toBe(2);

    find.type(7, 'nowhere');
    await find.look(7);
    expect(find.spans).toEqual([]);
    expect(find.current).toBe(-1);
    find.step(1);
    expect(find.current).toBe(-1);

    find.close();
    expect(find.shown).toBe(false);
  });

  it('keeps only the answer to the latest request', async () => {
    let release: () => void = () => {};
    const fake = fakeCall({
      find_in_clipping: ({ needle }) =>
        needle === 'fer' ? new Promise((resolve) => (release = () => resolve(spans(99)))) : spans(1),
    });
    const find = new FindState(fake.call, 0);
    find.start(1);
    find.type(1, 'fer');
    const slow = find.look(1);
    find.type(1, 'ferry');
    await find.look(1);
    release();
    await slow;
    expect(find.spans.map((s) => s.start)).toEqual([1]);
  });
});
