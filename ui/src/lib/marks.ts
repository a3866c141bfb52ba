// Highlights drawn in the reader's frame: a box behind each line of a highlight's text, in
// a layer of the frame's document beside the article (`#content`), so the article's markup
// and text never change. The boxes cost only themselves: registering ranges with the CSS
// Custom Highlight API made WebKitGTK spend 150 to 500 ms on each following frame of a long
// article, however few of them were in view.
import type { Color } from './bindings';
import type { TextMap } from './anchoring';

/** A highlight to draw: its id (negative for one not stored yet), colour and code points;
 *  or (`found`) a match of find in the article or of a search. */
export interface Mark {
  id: number;
  color: Color | 'found';
  start: number;
  end: number;
}

/** What the layer needs of the article: its root, and where a stretch of its text is. */
export type ArticleText = Pick<TextMap, 'root' | 'rectsOf'>;

/** The drawn marks of one article. */
export class MarkLayer {
  private readonly layer: HTMLElement;
  private readonly drawn = new Map<number, { mark: Mark; element: HTMLElement }>();
  private focused: number | null = null;

  /** A layer `id` of its own: `cp-marks` for highlights, first in the frame's body;
   *  another (the matches found) goes right after the highlights', so it is drawn over
   *  them, still under the text. */
  constructor(
    private readonly map: ArticleText,
    id = 'cp-marks',
  ) {
    const doc = map.root.ownerDocument;
    this.layer = doc.createElement('div');
    this.layer.id = id;
    this.layer.className = 'cp-layer';
    this.layer.setAttribute('aria-hidden', 'true');
    const highlights = doc.getElementById('cp-marks');
    doc.body.insertBefore(this.layer, highlights ? highlights.nextSibling : doc.body.firstChild);
  }

  /** How many marks are drawn. */
  get size(): number {
    return this.drawn.size;
  }

  /** Makes the drawn marks exactly `marks`: what is unchanged stays, the rest is drawn
   *  again or taken away. */
  show(marks: Mark[]): void {
    const wanted = new Map(marks.map((m) => [m.id, m]));
    for (const [id, { mark, element }] of this.drawn) {
      const next = wanted.get(id);
      if (!next || next.color !== mark.color || next.start !== mark.start || next.end !== mark.end) {
        element.remove();
        this.drawn.delete(id);
      }
    }
    this.add(marks.filter((m) => !this.drawn.has(m.id)));
  }

  /** Draws `marks` beside those drawn. */
  add(marks: Mark[]): void {
    if (marks.length === 0) return;
    // One layout read for all of them: the layer's place, then every box from the text.
    const origin = this.layer.getBoundingClientRect();
    const doc = this.layer.ownerDocument;
    const fragment = doc.createDocumentFragment();
    for (const mark of marks) {
      this.drawn.get(mark.id)?.element.remove();
      const element = doc.createElement('div');
      element.className = `cp-mark cp-${mark.color}`;
      element.classList.toggle('cp-focused', mark.id === this.focused);
      element.dataset.id = String(mark.id);
      element.dataset.start = String(mark.start);
      element.dataset.end = String(mark.end);
      for (const rect of this.map.rectsOf(mark.start, mark.end)) {
        const box = doc.createElement('div');
        box.style.cssText = `left:${rect.left - origin.left}px;top:${rect.top - origin.top}px;width:${rect.width}px;height:${rect.height}px`;
        element.append(box);
      }
      fragment.append(element);
      this.drawn.set(mark.id, { mark, element });
    }
    this.layer.append(fragment);
  }

  /** Marks highlight `id` as the one open (null: none). */
  focus(id: number | null): void {
    if (id === this.focused) return;
    if (this.focused !== null) this.drawn.get(this.focused)?.element.classList.remove('cp-focused');
    this.focused = id;
    if (id !== null) this.drawn.get(id)?.element.classList.add('cp-focused');
  }

  /** Takes every mark away. */
  clear(): void {
    this.layer.replaceChildren();
    this.drawn.clear();
  }
}
