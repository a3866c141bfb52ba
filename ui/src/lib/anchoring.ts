// The UI's whole share of anchoring: turning a DOM selection in the reader into code point
// offsets of the clipping's text, and offsets back into DOM ranges to paint. The text is
// the article's textContent, which the core guarantees equals the clipping's stored text.
// JavaScript strings count UTF-16 units; the W3C selectors (and the core) count code points,
// so every offset crosses here.

/** A code point range of the clipping's text, with the words in it. */
export interface TextSelection {
  start: number;
  end: number;
  exact: string;
}

/** The text nodes of one element, and conversions between offsets and DOM positions. */
export class TextMap {
  readonly root: Element;
  readonly text: string;
  private readonly nodes: Text[] = [];
  /** The UTF-16 offset where each text node starts. */
  private readonly starts: number[] = [];
  /** The UTF-16 offset of each character outside the Basic Multilingual Plane. */
  private readonly astral: number[] = [];

  constructor(root: Element) {
    this.root = root;
    const doc = root.ownerDocument;
    const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    let offset = 0;
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const data = (node as Text).data;
      this.nodes.push(node as Text);
      this.starts.push(offset);
      parts.push(data);
      offset += data.length;
    }
    this.text = parts.join('');
    for (let i = 0; i < this.text.length; i++) {
      const unit = this.text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < this.text.length) {
        const next = this.text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
  }

  /** The length of the text in code points. */
  get length(): number {
    return this.text.length - this.astral.length;
  }

  /** The UTF-16 offset of code point `codePoint`. */
  toUtf16(codePoint: number): number {
    // Each astral character before it adds one unit; find how many there are.
    let low = 0;
    let high = this.astral.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const astralAt = this.astral[mid] ?? 0;
      // The code point index of astral character `mid` is its UTF-16 offset minus `mid`.
      if (astralAt - mid < codePoint) low = mid + 1;
      else high = mid;
    }
    return codePoint + low;
  }

  /** The code point at UTF-16 offset `unit` (an offset inside a pair counts as before it). */
  toCodePoint(unit: number): number {
    let low = 0;
    let high = this.astral.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.astral[mid] ?? 0) < unit) low = mid + 1;
      else high = mid;
    }
    // `low` astral characters start before `unit`, each one unit longer than a code point.
    // (When `unit` is inside one, this rounds down to the character's start.)
    return unit - low;
  }

  /** The UTF-16 offset of a DOM position inside the root. */
  offsetOf(container: Node, offset: number): number {
    if (container.nodeType === 3 /* TEXT_NODE */) {
      const index = this.nodes.indexOf(container as Text);
      if (index >= 0) return (this.starts[index] ?? 0) + offset;
    }
    const doc = this.root.ownerDocument;
    const before = doc.createRange();
    before.setStart(this.root, 0);
    before.setEnd(container, offset);
    return before.toString().length;
  }

  /** A selection as code points and words; null when it is empty or outside the text. */
  selectionOf(range: Range): TextSelection | null {
    if (range.collapsed) return null;
    if (!this.root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== this.root) {
      return null;
    }
    let from = this.offsetOf(range.startContainer, range.startOffset);
    let to = this.offsetOf(range.endContainer, range.endOffset);
    // Leave out white space at either end, as people do not mean to highlight it.
    while (from < to && /\s/.test(this.text[from] ?? '')) from++;
    while (to > from && /\s/.test(this.text[to - 1] ?? '')) to--;
    if (from >= to) return null;
    const start = this.toCodePoint(from);
    const end = this.toCodePoint(to);
    return { start, end, exact: this.text.slice(this.toUtf16(start), this.toUtf16(end)) };
  }

  /** The DOM range of code points `start..end`. */
  rangeOf(start: number, end: number): Range | null {
    const from = this.toUtf16(start);
    const to = this.toUtf16(end);
    if (from >= to || to > this.text.length) return null;
    const a = this.position(from, false);
    const b = this.position(to, true);
    if (!a || !b) return null;
    const range = this.root.ownerDocument.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  }

  /** The boxes of the text of code points `start..end` on screen (viewport coordinates),
   *  text node by text node: never the box of a whole element the range spans. */
  rectsOf(start: number, end: number): DOMRect[] {
    const from = this.toUtf16(start);
    const to = this.toUtf16(end);
    const first = this.position(from, false);
    if (from >= to || to > this.text.length || !first) return [];
    const range = this.root.ownerDocument.createRange();
    const rects: DOMRect[] = [];
    for (let i = first.index; i < this.nodes.length; i++) {
      const node = this.nodes[i];
      const at = this.starts[i] ?? 0;
      if (!node || at >= to) break;
      const a = Math.max(from - at, 0);
      const b = Math.min(to - at, node.data.length);
      if (a >= b) continue;
      range.setStart(node, a);
      range.setEnd(node, b);
      for (const rect of Array.from(range.getClientRects())) {
        if (rect.width > 0 && rect.height > 0) rects.push(rect);
      }
    }
    return rects;
  }

  /** The code point where the text of `node` starts (for a node without text, the text
   *  after it); the text's length when none follows. */
  startOf(node: Node): number {
    let text: Node | null = node;
    if (node.nodeType !== 3 /* TEXT_NODE */) {
      const walker = this.root.ownerDocument.createTreeWalker(this.root, 4 /* SHOW_TEXT */);
      walker.currentNode = node;
      text = walker.nextNode();
    }
    const index = text ? this.nodes.indexOf(text as Text) : -1;
    return this.toCodePoint(index < 0 ? this.text.length : (this.starts[index] ?? 0));
  }

  /** The code point under a DOM position (from a click), or null. */
  codePointAt(container: Node, offset: number): number | null {
    if (!this.root.contains(container)) return null;
    return this.toCodePoint(this.offsetOf(container, offset));
  }

  /** The text node and offset of UTF-16 offset `unit`; at a boundary between nodes, the
   *  end of the earlier one when `atEnd`, else the start of the later one. */
  private position(
    unit: number,
    atEnd: boolean,
  ): { node: Text; offset: number; index: number } | null {
    let low = 0;
    let high = this.starts.length - 1;
    if (high < 0) return null;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      const start = this.starts[mid] ?? 0;
      if (atEnd ? start < unit : start <= unit) low = mid;
      else high = mid - 1;
    }
    const node = this.nodes[low];
    if (!node) return null;
    return { node, offset: unit - (this.starts[low] ?? 0), index: low };
  }
}

/** Which highlights cover code point `at`, smallest first (the innermost of overlaps). */
export function highlightsAt<T extends { start: number | null; end: number | null }>(
  highlights: T[],
  at: number,
): T[] {
  return highlights
    .filter((h) => h.start !== null && h.end !== null && h.start <= at && at < h.end)
    .sort((a, b) => (a.end ?? 0) - (a.start ?? 0) - ((b.end ?? 0) - (b.start ?? 0)));
}

/** Highlights as the core lists them: in reading order, orphans last. */
export function inReadingOrder<
  T extends { status: string; start: number | null; createdAt: string; id: number },
>(highlights: T[]): T[] {
  return [...highlights].sort((a, b) => {
    const orphan = Number(a.status === 'orphaned') - Number(b.status === 'orphaned');
    if (orphan !== 0) return orphan;
    const position = (a.start ?? Number.MAX_SAFE_INTEGER) - (b.start ?? Number.MAX_SAFE_INTEGER);
    return position !== 0 ? position : a.id - b.id;
  });
}
