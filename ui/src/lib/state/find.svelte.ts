// What is found in the article open in the reader: the words of the search a hit was
// opened from, or what is typed in the find bar (Ctrl/Cmd+F), folded by the core as search
// folds. The reader marks every match and scrolls to the current one; Enter and Shift+Enter
// go to the next and the previous.
import type { TextSpan } from '../bindings';
import { asIpcError } from '../ipc';
import { call as invokeCommand, type Call } from './call';

/** How long the find bar waits for the next keystroke before it looks. */
export const FIND_DELAY_MS = 60;

export class FindState {
  /** Whether the find bar is shown. */
  open = $state(false);
  /** What is typed in the find bar. */
  needle = $state('');
  /** The clipping the matches are in, and the matches, in reading order. */
  clippingId = $state<number | null>(null);
  spans = $state.raw<TextSpan[]>([]);
  /** The match to show, an index into `spans` (-1: none). */
  current = $state(-1);
  /** Counts up each time the current match should be scrolled to. */
  scrolls = $state(0);
  /** The search whose words are marked (a hit was opened), while the find bar is not. */
  query = $state<string | null>(null);
  /** Why the matches could not be found (the core's word). */
  error = $state<string | null>(null);
  private token = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly delay = FIND_DELAY_MS,
  ) {}

  /** Marks the words of search `query` in clipping `clippingId`; `scroll` to the first. */
  async showQuery(clippingId: number, query: string, scroll: boolean): Promise<void> {
    this.open = false;
    this.needle = '';
    this.forget(clippingId);
    this.query = query;
    await this.fill(clippingId, () => this.call('search_matches', { clippingId, query }), scroll);
  }

  /** The find bar, for clipping `clippingId`: opened, or focused again if it is. */
  start(clippingId: number): void {
    this.open = true;
    if (this.clippingId !== clippingId || this.query !== null) this.forget(clippingId);
    this.query = null;
  }

  /** What the find bar holds now: looked for once typing pauses. */
  type(clippingId: number, needle: string): void {
    this.needle = needle;
    clearTimeout(this.timer);
    if (needle.trim() === '') {
      this.forget(clippingId);
      return;
    }
    this.timer = setTimeout(() => void this.look(clippingId), this.delay);
  }

  /** Looks for what is typed now. */
  async look(clippingId: number): Promise<void> {
    clearTimeout(this.timer);
    const needle = this.needle;
    if (needle.trim() === '') return;
    await this.fill(clippingId, () => this.call('find_in_clipping', { clippingId, needle }), true);
  }

  /** The next match (`by` 1) or the previous (-1), round from the end to the start. */
  step(by: number): void {
    const n = this.spans.length;
    if (n === 0) return;
    this.current = (((this.current + by) % n) + n) % n;
    this.scrolls++;
  }

  /** Closes the find bar and takes its marks away. */
  close(): void {
    clearTimeout(this.timer);
    this.open = false;
    this.needle = '';
    this.query = null;
    this.forget(this.clippingId);
  }

  /** Whether there is something to show: the find bar, or a search's matches. */
  get shown(): boolean {
    return this.open || this.query !== null;
  }

  /** Nothing found, for clipping `clippingId` (another clipping opened: its own). */
  forget(clippingId: number | null): void {
    this.token++;
    this.clippingId = clippingId;
    this.spans = [];
    this.current = -1;
    this.error = null;
  }

  private async fill(clippingId: number, ask: () => Promise<TextSpan[]>, scroll: boolean): Promise<void> {
    const token = ++this.token;
    try {
      const spans = await ask();
      if (token !== this.token) return;
      this.clippingId = clippingId;
      this.spans = spans;
      this.current = spans.length > 0 ? 0 : -1;
      this.error = null;
      if (scroll && spans.length > 0) this.scrolls++;
    } catch (e) {
      if (token !== this.token) return;
      this.spans = [];
      this.current = -1;
      this.error = asIpcError(e).message;
    }
  }
}

export const find = new FindState();
