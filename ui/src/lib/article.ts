// One article in the reader's frame, from its load to the next: the frame sized to it, a
// long article shown in stages, the highlights drawn behind its text (those in view first),
// and its selection watched (the frame runs no script, and the webview calls no listener
// of ours inside it, so the selection is looked at from here). The reader component makes
// one each time its frame loads and tells it what to draw; what is stored is the reader
// state's.
import type { Color, Highlight, TextSpan } from './bindings';
import { TextMap, type TextSelection } from './anchoring';
import { MarkLayer, type Mark } from './marks';
import { recordFrame, since } from './probes';
import { ArticleStages } from './stages';

/** What the article tells the reader. */
export interface ArticleEvents {
  /** A selection has held still: the toolbar may show. */
  selectionHeld(): void;
  /** A selection was changed (not a click). */
  selectionMoved(): void;
  /** A click put the caret at this offset of the text (`null`: in no text). */
  caretAt(offset: number | null): void;
  /** An opening article is on screen with its marks in view: the margin panel may follow. */
  opened(): void;
}

/** How often the article's selection is looked at. */
const SELECTION_POLL_MS = 60;
/** An article with more marks than this draws those in view first, the rest after. */
const STAGED_FROM = 100;
/** How many of the rest are drawn in each animation frame (about 0.25 ms each here). */
const MARKS_PER_FRAME = 60;

/** Distinct names for DOM nodes, to tell selections apart. */
const nodeIds = new WeakMap<Node, number>();
let nextNodeId = 0;
function nodeKey(node: Node | null): number {
  if (!node) return -1;
  let id = nodeIds.get(node);
  if (id === undefined) {
    id = nextNodeId++;
    nodeIds.set(node, id);
  }
  return id;
}

/** What to draw: the highlights with their places, the one in focus, and whether the
 *  article was opened to show one (its marks are then drawn all at once). */
export interface Drawing {
  highlights: Highlight[];
  focusId: number | null;
  revealing: boolean;
}

/** What find in the article or a search found: in which clipping, the matches in reading
 *  order, the one to show, and a count that goes up each time it should be scrolled to. */
export interface Found {
  clippingId: number | null;
  spans: TextSpan[];
  current: number;
  scrolls: number;
}

export class ArticleView {
  readonly textMap: TextMap;
  private readonly doc: Document;
  private readonly marks: MarkLayer;
  /** The matches of find in the article, or of the search a hit was opened from. */
  private readonly found: MarkLayer;
  /** The parts of a long article still hidden (see `ArticleStages`). */
  private readonly stages: ArticleStages;
  /** Marks of the latest paint not drawn yet, in reading order: drawn a few each animation
   *  frame (`drawMore`), each once the part of the article it is on is shown. */
  private waiting: Mark[] = [];
  /** While an article's first frame is being drawn, nothing else is. */
  private holding = false;
  private drawScheduled = false;
  /** The longest frame's work showing the rest of an opening article and its marks. */
  private longestStep = 0;
  /** When the clipping being opened arrived, until all of it is shown with every mark. */
  private openingSince: number | null = null;
  /** Ids for marks drawn before their highlight is stored. */
  private pendingId = 0;
  private last: Drawing = { highlights: [], focusId: null, revealing: false };
  private lastFound: { spans: TextSpan[]; current: number } = { spans: [], current: -1 };
  /** The request to scroll to a match last carried out (see `Found.scrolls`). */
  private scrolledTo = 0;
  private closed = false;
  private readonly stop: () => void;
  /** Sizes the frame to its article; `ours` when the change is the reader's own (a part
   *  of the article shown), else the marks are drawn again if the article moved. */
  private readonly fit: (ours?: boolean) => void;

  /** The article of `frame`, which has loaded; `openedAt` is when its clipping arrived,
   *  when this load opens it (its first paint then records how long opening took). */
  constructor(
    private readonly frame: HTMLIFrameElement,
    private readonly pane: HTMLElement,
    readonly clippingId: number,
    private openedAt: number | null,
    private readonly events: ArticleEvents,
  ) {
    const doc = frame.contentDocument;
    const content = doc?.getElementById('content');
    if (!doc || !content) throw new Error('the reader frame has no article');
    this.doc = doc;
    if (openedAt !== null) recordFrame(frame, 'loadMs', since(openedAt));
    this.textMap = new TextMap(content);
    this.marks = new MarkLayer(this.textMap);
    this.found = new MarkLayer(this.textMap, 'cp-found');
    this.stages = new ArticleStages(this.textMap);
    // The frame is as tall as its article; when the article's size changes (an image
    // arrives, the window is resized), its lines move and the marks are drawn again.
    let size = '';
    let relayout = 0;
    // While a long article is still being shown in stages, the frame is as tall as the
    // whole of it is likely to be (its first part's height, scaled by its share of the
    // text): the page's scroll bar stays put, and the page is not laid out again at each
    // stage.
    let estimate = 0;
    this.fit = (ours = false) => {
      const height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
      const staged = this.stages.done ? null : this.stages;
      if (staged && estimate === 0 && staged.shownTo > 0) {
        estimate = Math.ceil((height * this.textMap.length) / staged.shownTo);
      }
      frame.style.height = `${staged ? Math.max(height, estimate) : height}px`;
      const now = `${doc.documentElement.scrollWidth}x${height}`;
      if (!ours && size !== '' && now !== size && this.marks.size > 0) {
        cancelAnimationFrame(relayout);
        relayout = requestAnimationFrame(() => {
          this.marks.clear();
          this.paint(this.last, true);
          this.found.clear();
          this.mark(this.lastFound.spans, this.lastFound.current);
        });
      }
      size = now;
    };
    const observer = new ResizeObserver(() => this.fit());
    observer.observe(doc.documentElement);
    this.fit();
    // A selection that holds still gets the toolbar; a caret that moved is a click, which
    // may open a highlight.
    let lastSelection = '';
    let still = 0;
    const watch = setInterval(() => {
      const selection = doc.getSelection();
      if (!selection || selection.rangeCount === 0) return;
      const now = `${nodeKey(selection.anchorNode)}:${selection.anchorOffset}:${nodeKey(selection.focusNode)}:${selection.focusOffset}`;
      const moved = now !== lastSelection;
      lastSelection = now;
      still = moved ? 0 : still + 1;
      if (selection.isCollapsed) {
        if (moved) {
          const caret = selection.getRangeAt(0);
          this.events.caretAt(this.textMap.codePointAt(caret.startContainer, caret.startOffset));
        }
      } else if (moved) {
        this.events.selectionMoved();
      } else if (still === 1) {
        this.events.selectionHeld();
      }
    }, SELECTION_POLL_MS);
    this.stop = () => {
      observer.disconnect();
      clearInterval(watch);
      cancelAnimationFrame(relayout);
    };
  }

  /** Stops watching the article (its frame is going). */
  close(): void {
    this.closed = true;
    this.stop();
  }

  /** Shows the next part of a long article still hidden, or (`all`) the whole of it. */
  showMore(all = false): void {
    if (this.stages.done) return;
    // What moved the article before this (an image that arrived) is not the reader's own.
    this.fit(false);
    if (all) this.stages.finish();
    else this.stages.step();
    this.fit(true);
  }

  /** Draws every placed highlight (see `MarkLayer`); `again` after the article's layout
   *  changed, when each mark has to be drawn anew, those in view first. */
  paint(drawing: Drawing, again = false): void {
    if (this.closed) return;
    this.last = drawing;
    const started = performance.now();
    const opening = this.openedAt !== null;
    const placed: Mark[] = [];
    for (const h of drawing.highlights) {
      if (h.start !== null && h.end !== null) {
        placed.push({ id: h.id, color: h.color, start: h.start, end: h.end });
      }
    }
    // Opening a long article, the marks in view are drawn with its first frame and the
    // others after it, a few each frame; a mark on a part of the article not shown yet
    // waits for it.
    const staged = (opening || again) && placed.length > STAGED_FROM && !drawing.revealing;
    const inView = staged ? this.viewEnd() : null;
    const shownTo = this.stages.shownTo;
    const now: Mark[] = [];
    this.waiting = [];
    for (const m of placed) {
      if (m.end <= shownTo && (inView === null || m.start <= inView)) now.push(m);
      else this.waiting.push(m);
    }
    this.marks.focus(drawing.focusId);
    this.marks.show(now);
    recordFrame(this.frame, 'marks', placed.length);
    recordFrame(this.frame, 'paintMs', since(started), 2);
    if (!opening) {
      this.drawMore();
      return;
    }
    // From the clipping's arrival to its article laid out and drawn with its marks.
    const opened = this.openedAt ?? started;
    this.openedAt = null;
    this.openingSince = opened;
    this.longestStep = 0;
    this.holding = true;
    requestAnimationFrame(() =>
      // The second callback runs once the frame with the marks has been drawn.
      requestAnimationFrame(() => {
        recordFrame(this.frame, 'openPaintMs', since(opened));
        if (this.closed) return;
        this.holding = false;
        this.drawMore();
        // Then the margin panel, once the article is on screen.
        requestAnimationFrame(() => {
          if (!this.closed) this.events.opened();
        });
      }),
    );
  }

  /** Shows the rest of the article and draws the waiting marks, a part each animation
   *  frame, until all is shown. */
  private drawMore(): void {
    if (this.drawScheduled || this.holding) return;
    if (this.waiting.length === 0 && this.stages.done) {
      this.whole();
      return;
    }
    this.drawScheduled = true;
    requestAnimationFrame(() => {
      this.drawScheduled = false;
      if (this.closed) return;
      const began = performance.now();
      this.showMore();
      const all = this.stages.done;
      const shownTo = this.stages.shownTo;
      let count = 0;
      while (count < MARKS_PER_FRAME && count < this.waiting.length) {
        if (!all && (this.waiting[count]?.end ?? 0) > shownTo) break;
        count++;
      }
      this.marks.add(this.waiting.splice(0, count));
      // The longest of these frames is how long scrolling may have to wait.
      this.longestStep = Math.max(this.longestStep, since(began));
      if (this.waiting.length > 0 || !all) this.drawMore();
      else this.whole();
    });
  }

  /** An opening article is all shown, with every mark: how long that took is recorded. */
  private whole(): void {
    if (this.openingSince === null) return;
    recordFrame(this.frame, 'restBatchMs', this.longestStep);
    recordFrame(this.frame, 'wholeMs', since(this.openingSince));
    this.openingSince = null;
  }

  /** The code point offset of the article's text at the bottom of the reader's view, with a
   *  screen's worth to spare; `null` when it cannot be told. */
  private viewEnd(): number | null {
    const content = this.doc.getElementById('content');
    const x = (content?.getBoundingClientRect().left ?? 0) + 40;
    const bottom = this.pane.scrollTop + 2 * this.pane.clientHeight - this.frame.offsetTop;
    // Between paragraphs there is no text: look a little further down.
    for (let y = bottom; y < bottom + 400; y += 40) {
      const caret = this.doc.caretRangeFromPoint?.(x, y);
      if (!caret) continue;
      const at = this.textMap.codePointAt(caret.startContainer, caret.startOffset);
      if (at !== null) return at;
    }
    return null;
  }

  /** Where a toolbar goes for a rectangle in the frame: above it, or below near the top. */
  placeFor(rect: DOMRect): { top: number; left: number; below: boolean } {
    const top = this.frame.offsetTop + rect.top;
    const below = top - this.pane.scrollTop < 90;
    const half = 175;
    const left = Math.min(
      Math.max(this.frame.offsetLeft + rect.left + rect.width / 2, half),
      Math.max(this.pane.clientWidth - half, half),
    );
    return { top: below ? this.frame.offsetTop + rect.bottom + 8 : top - 8, left, below };
  }

  /** What is selected in the article, with where it is; `null` for nothing (or a caret). */
  selection(): { chosen: TextSelection; rect: DOMRect } | null {
    const selection = this.doc.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const chosen = this.textMap.selectionOf(range);
    return chosen ? { chosen, rect: range.getBoundingClientRect() } : null;
  }

  clearSelection(): void {
    this.doc.getSelection()?.removeAllRanges();
  }

  /** Where the text from `start` to `end` is drawn, in the frame. */
  rectOf(start: number, end: number): DOMRect | null {
    return this.textMap.rangeOf(start, end)?.getBoundingClientRect() ?? null;
  }

  /** Draws a mark for a selection before it is stored. The promise resolves once the
   *  mark is on screen, and records how long that took from `started`. */
  markNow(chosen: TextSelection, color: Color, started: number): Promise<void> {
    this.marks.add([{ id: -++this.pendingId, color, start: chosen.start, end: chosen.end }]);
    return new Promise<void>((resolve) =>
      requestAnimationFrame(() =>
        // The second callback runs once the frame with the mark has been drawn.
        requestAnimationFrame(() => {
          recordFrame(this.frame, 'markMs', since(started));
          resolve();
        }),
      ),
    );
  }

  /** Marks what was found in this article (none if in another clipping), and scrolls to
   *  its current match when asked to (`found.scrolls` changed) unless `stay`. */
  showFound(found: Found, stay = false): void {
    const here = found.clippingId === this.clippingId;
    const span = here ? found.spans[found.current] : undefined;
    this.mark(here ? found.spans : [], here ? found.current : -1);
    if (span && found.scrolls !== this.scrolledTo && !stay) this.scrollTo(span.start, span.end);
    this.scrolledTo = found.scrolls;
  }

  /** Marks the matches `spans`, `current` the one shown (-1: none). A long article is
   *  shown whole first: a match may be anywhere in it. */
  private mark(spans: TextSpan[], current: number): void {
    if (this.closed) return;
    this.lastFound = { spans, current };
    const last = spans.at(-1);
    if (last && last.end > this.stages.shownTo) this.showMore(true);
    this.found.show(spans.map((s, i) => ({ id: i, color: 'found', start: s.start, end: s.end })));
    this.found.focus(current >= 0 ? current : null);
  }

  /** Scrolls the reader to the text from `start` to `end` (showing the whole article
   *  first if it is not shown that far); whether it could. */
  scrollTo(start: number, end: number): boolean {
    if (end > this.stages.shownTo) this.showMore(true);
    const rect = this.rectOf(start, end);
    if (!rect) return false;
    this.pane.scrollTo({ top: Math.max(this.frame.offsetTop + rect.top - this.pane.clientHeight / 3, 0) });
    return true;
  }
}
