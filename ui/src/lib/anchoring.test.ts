import { describe, expect, it } from 'vitest';
import { highlightsAt, TextMap } from './anchoring';

function article(html: string): { doc: Document; map: TextMap } {
  const doc = new DOMParser().parseFromString(`<article id="content">${html}</article>`, 'text/html');
  const root = doc.getElementById('content');
  if (!root) throw new Error('no root');
  return { doc, map: new TextMap(root) };
}

describe('TextMap', () => {
  it('counts code points, not UTF-16 units, around emoji and CJK', () => {
    const { map } = article('<p>🚢 Ahoy 日本 ok</p>');
    expect(map.text).toBe('🚢 Ahoy 日本 ok');
    expect(map.length).toBe(12);
    expect(map.toUtf16(10)).toBe(11);
    expect(map.toCodePoint(11)).toBe(10);
    // Inside the surrogate pair: rounds down to the emoji's start.
    expect(map.toCodePoint(1)).toBe(0);
    for (let cp = 0; cp <= map.length; cp++) expect(map.toCodePoint(map.toUtf16(cp))).toBe(cp);
  });

  it('turns a selection across a link and a paragraph boundary into code points', () => {
    const { doc, map } = article('<p>🐟 One <a href="https://example.com">two three</a> four.</p><p>Five</p>');
    const link = doc.querySelector('a')?.firstChild as Text;
    const five = doc.querySelectorAll('p')[1]?.firstChild as Text;
    const range = doc.createRange();
    range.setStart(link, 4); // "three"
    range.setEnd(five, 2); // "Fi"
    const selection = map.selectionOf(range);
    expect(selection?.exact).toBe('three four.Fi');
    const expectedStart = [...'🐟 One two '].length;
    expect(selection?.start).toBe(expectedStart);
    expect(selection?.end).toBe(expectedStart + [...'three four.Fi'].length);
    const back = map.rangeOf(selection?.start ?? 0, selection?.end ?? 0);
    expect(back?.toString()).toBe('three four.Fi');
  });

  it('leaves white space at the ends out, and element positions count too', () => {
    const { doc, map } = article('<p>Alpha</p>\n<p>Beta gamma</p>');
    const range = doc.createRange();
    const root = doc.getElementById('content') as Element;
    range.setStart(root, 1); // after the first <p>: the newline
    range.setEnd(doc.querySelectorAll('p')[1]?.firstChild as Text, 4);
    expect(map.selectionOf(range)).toEqual({ start: 6, end: 10, exact: 'Beta' });
  });

  it('finds the highlights under a point, innermost first', () => {
    const marks = [
      { id: 1, start: 0, end: 20 },
      { id: 2, start: 5, end: 8 },
      { id: 3, start: null, end: null },
    ];
    expect(highlightsAt(marks, 6).map((h) => h.id)).toEqual([2, 1]);
    expect(highlightsAt(marks, 19).map((h) => h.id)).toEqual([1]);
    expect(highlightsAt(marks, 20)).toEqual([]);
  });
});
