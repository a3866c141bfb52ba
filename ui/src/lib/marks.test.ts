import { beforeEach, describe, expect, it } from 'vitest';
import { MarkLayer, type ArticleText } from './marks';

// jsdom lays nothing out: the article's text here is a line of 10 px per code point, so
// the boxes a mark gets can be checked.
function article(): ArticleText {
  document.body.innerHTML = '<article id="content">The quick brown fox</article>';
  const root = document.getElementById('content') as Element;
  return {
    root,
    rectsOf: (start: number, end: number) =>
      end > start ? [new DOMRect(start * 10, 20, (end - start) * 10, 18)] : [],
  };
}

function marks(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('#cp-marks .cp-mark'));
}

describe('MarkLayer', () => {
  let layer: MarkLayer;
  beforeEach(() => {
    layer = new MarkLayer(article());
  });

  it('draws a box over the text of each mark, in a layer beside the article', () => {
    layer.show([
      { id: 1, color: 'green', start: 4, end: 9 },
      { id: 2, color: 'blue', start: 10, end: 15 },
    ]);
    expect(document.body.firstElementChild?.id).toBe('cp-marks');
    expect(document.getElementById('content')?.textContent).toBe('The quick brown fox');
    const [green, blue] = marks();
    expect(green?.className).toBe('cp-mark cp-green');
    expect(green?.dataset).toMatchObject({ id: '1', start: '4', end: '9' });
    const box = green?.firstElementChild as HTMLElement;
    expect([box.style.left, box.style.top, box.style.width, box.style.height]).toEqual([
      '40px',
      '20px',
      '50px',
      '18px',
    ]);
    expect(blue?.className).toBe('cp-mark cp-blue');
  });

  it('keeps what is unchanged, draws again what changed and takes away what went', () => {
    layer.show([
      { id: 1, color: 'green', start: 4, end: 9 },
      { id: 2, color: 'blue', start: 10, end: 15 },
      { id: 3, color: 'pink', start: 0, end: 3 },
    ]);
    const [kept] = marks();
    layer.show([
      { id: 1, color: 'green', start: 4, end: 9 },
      { id: 2, color: 'yellow', start: 10, end: 15 },
    ]);
    expect(marks()).toHaveLength(2);
    expect(marks()[0]).toBe(kept);
    expect(marks().map((m) => m.className)).toEqual(['cp-mark cp-green', 'cp-mark cp-yellow']);
    expect(layer.size).toBe(2);
  });

  it('marks the open highlight, also when it is drawn later', () => {
    layer.focus(2);
    layer.show([{ id: 1, color: 'green', start: 4, end: 9 }]);
    expect(marks()[0]?.classList.contains('cp-focused')).toBe(false);
    layer.add([{ id: 2, color: 'blue', start: 10, end: 15 }]);
    expect(marks()[1]?.classList.contains('cp-focused')).toBe(true);
    layer.focus(1);
    expect(marks().map((m) => m.classList.contains('cp-focused'))).toEqual([true, false]);
    layer.clear();
    expect(marks()).toHaveLength(0);
  });
});
