import type { Color } from './bindings';

/** The highlight colours in toolbar order; keys 1 to 5 pick them. */
export const COLORS: { color: Color; label: string }[] = [
  { color: 'yellow', label: 'Yellow' },
  { color: 'green', label: 'Green' },
  { color: 'blue', label: 'Blue' },
  { color: 'pink', label: 'Pink' },
  { color: 'purple', label: 'Purple' },
];

/** The colour a key picks ('1' to '5'), if any. */
export function colorForKey(key: string): Color | null {
  const index = Number.parseInt(key, 10);
  return Number.isInteger(index) && String(index) === key ? (COLORS[index - 1]?.color ?? null) : null;
}
