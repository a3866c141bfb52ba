// The window's state lives in `lib/state/`, not in components: a component past 300 lines
// is a sign that some of it has moved back in.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['./*.svelte', '../App.svelte'], { query: '?raw', import: 'default', eager: true });

describe('components', () => {
  it('are at most 300 lines each', () => {
    const names = Object.keys(sources);
    expect(names.length).toBeGreaterThan(15);
    const long = names
      .map((name) => [name, (sources[name] as string).split('\n').length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });
});
