// A long article is shown a part at a time. Laying out the whole of a 200 KB article takes
// the webview about 100 ms before anything is drawn; its first screens take a few. So the
// frame of a long article opens with its blocks hidden (a rule of reader.css, while the
// body has the class `cp-staged`); the reader shows the first of them before the first
// frame is drawn, and the rest a part each animation frame after it. The text, and so
// every offset in it, is whole from the start: only the blocks' display changes.
import type { TextMap } from './anchoring';

/** Articles whose HTML is longer than this open in stages. */
export const STAGED_FROM_CHARS = 50_000;

/** The class on the frame's body of an article that opens in stages. */
export const STAGED_CLASS = 'cp-staged';

/** About how much text the first stage shows: a few screens. */
export const FIRST_STAGE_CHARS = 6_000;

/** About how much text each later stage shows (a few milliseconds of layout here). */
export const STAGE_CHARS = 20_000;

/** Shows the hidden blocks of one article, part by part. */
export class ArticleStages {
  /** How many of the article's top-level blocks are shown. */
  private shown = 0;
  private shownToCache: number | null = null;

  constructor(private readonly map: Pick<TextMap, 'root' | 'length' | 'startOf'>) {
    const staged = map.root.ownerDocument.body.classList.contains(STAGED_CLASS);
    if (staged) this.step(FIRST_STAGE_CHARS);
    else this.shown = this.blocks.length;
  }

  private get blocks(): HTMLCollection {
    return this.map.root.children;
  }

  /** Whether the whole article is shown. */
  get done(): boolean {
    return this.shown >= this.blocks.length;
  }

  /** The code point where the hidden text starts: the text's length once all is shown. */
  get shownTo(): number {
    if (this.done) return this.map.length;
    this.shownToCache ??= this.map.startOf(this.blocks[this.shown] as Element);
    return this.shownToCache;
  }

  /** Shows about `chars` more of the text (at least one block). */
  step(chars = STAGE_CHARS): void {
    const blocks = this.blocks;
    let taken = 0;
    let next = this.shown;
    while (next < blocks.length && (next === this.shown || taken < chars)) {
      taken += blocks[next]?.textContent?.length ?? 0;
      next++;
    }
    this.showUpTo(next);
  }

  /** Shows the whole article at once. */
  finish(): void {
    this.showUpTo(this.blocks.length);
  }

  private showUpTo(count: number): void {
    const blocks = this.blocks;
    // `revert`: the display the block has without the hiding rule (block, list-item,
    // table…).
    for (let i = this.shown; i < count; i++) {
      (blocks[i] as HTMLElement | undefined)?.style.setProperty('display', 'revert');
    }
    this.shown = count;
    this.shownToCache = null;
  }
}
