import { describe, expect, it } from 'vitest';
import { TextMap } from './anchoring';
import { ArticleStages, FIRST_STAGE_CHARS, STAGE_CHARS, STAGED_CLASS } from './stages';

/** An article of `count` paragraphs of about 200 characters, the first with an emoji (two
 *  UTF-16 units, one code point), in a body that opens in stages or not. */
function article(count: number, staged: boolean): TextMap {
  const paragraphs = Array.from(
    { length: count },
    (_, i) => `<p>${i === 0 ? '🦊 ' : ''}Paragraph ${i} ${'of the minutes, as heard. '.repeat(7)}</p>`,
  );
  document.body.className = staged ? STAGED_CLASS : '';
  document.body.innerHTML = `<article id="content">${paragraphs.join('\n')}</article>`;
  return new TextMap(document.getElementById('content') as Element);
}

function shownBlocks(map: TextMap): number {
  return Array.from(map.root.children).filter(
    (block) => (block as HTMLElement).style.display === 'revert',
  ).length;
}

describe('ArticleStages', () => {
  it('shows a short article whole from the start', () => {
    const map = article(5, false);
    const stages = new ArticleStages(map);
    expect(stages.done).toBe(true);
    expect(stages.shownTo).toBe(map.length);
  });

  it('opens with a few screens of a long article, then shows a part at a time', () => {
    const map = article(600, true);
    const stages = new ArticleStages(map);
    const blocks = Array.from(map.root.children);
    const first = shownBlocks(map);
    expect(first).toBeGreaterThan(FIRST_STAGE_CHARS / 250);
    expect(first).toBeLessThan(FIRST_STAGE_CHARS / 150);
    expect(stages.done).toBe(false);
    // The hidden text starts where the first hidden paragraph's does, in code points.
    const hidden = blocks[first] as Element;
    const before = blocks
      .slice(0, first)
      .map((b) => b.textContent ?? '')
      .join('\n');
    expect(stages.shownTo).toBe([...before].length + 1);
    expect(map.text.slice(map.toUtf16(stages.shownTo)).startsWith(hidden.textContent ?? '')).toBe(true);

    stages.step();
    const second = shownBlocks(map);
    expect(second - first).toBeGreaterThan(STAGE_CHARS / 250);
    expect(second - first).toBeLessThan(STAGE_CHARS / 150);
    // Only the blocks shown carry a display of their own; the others are left to the rule.
    expect((blocks[second] as HTMLElement).style.display).toBe('');

    let steps = 0;
    while (!stages.done) {
      stages.step();
      steps++;
    }
    expect(steps).toBeGreaterThan(3);
    expect(shownBlocks(map)).toBe(600);
    expect(stages.shownTo).toBe(map.length);
  });

  it('shows the rest at once when asked', () => {
    const map = article(600, true);
    const stages = new ArticleStages(map);
    stages.finish();
    expect(stages.done).toBe(true);
    expect(shownBlocks(map)).toBe(600);
  });
});

describe('TextMap.startOf', () => {
  it('gives the code point where an element’s text starts, or the text after it', () => {
    document.body.innerHTML =
      '<article id="content"><p>😀 one</p><p><img alt=""></p><p>two</p></article>';
    const map = new TextMap(document.getElementById('content') as Element);
    const [a, b, c] = Array.from(map.root.children);
    expect(map.startOf(a as Element)).toBe(0);
    // The emoji is one code point: "😀 one" is five.
    expect(map.startOf(b as Element)).toBe(5);
    expect(map.startOf(c as Element)).toBe(5);
    expect(map.startOf(map.root.lastChild as Node)).toBe(5);
  });
});
