import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushAll, hasPending, saveSoon } from './saving';

describe('saving notes as they are typed', () => {
  afterEach(() => vi.useRealTimers());

  it('saves the last text once, after a pause', async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    for (const text of ['N', 'No', 'Not', 'Note']) {
      saveSoon('h1', async () => saved.push(text));
    }
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual(['Note']);
  });

  it('flushes what waits at once, so closing loses nothing', async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    saveSoon('h1', async () => saved.push('first'));
    saveSoon('c1', async () => saved.push('clipping'));
    expect(hasPending()).toBe(true);
    await flushAll();
    expect(saved.sort()).toEqual(['clipping', 'first']);
    expect(hasPending()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toHaveLength(2);
  });
});
