// The clipping open in the reader and what the person does to it: its highlights (made,
// recoloured, noted, tagged, deleted and brought back), its note and tags, the trash, and
// the short notices that say what was done. The article's frame and the marks on it are
// the reader component's (see `ArticleView`); this module holds what is stored.
import type { Clipping, Color, Highlight, HighlightItem } from '../bindings';
import { inReadingOrder, type TextSelection } from '../anchoring';
import type { Reveal } from '../reader';
import { flush, saveSoon } from '../saving';
import { call as invokeCommand, type Call } from './call';
import { library as appLibrary, type LibraryState } from './library.svelte';
import { problems as appProblems, type Problems } from './problems.svelte';

/** How long a notice stays; one that offers Undo stays longer. */
const NOTICE_MS = 2500;
const UNDO_NOTICE_MS = 8000;

export class ReaderState {
  /** The clipping asked for (its row is selected in the list), before and after it came. */
  selectedId = $state<number | null>(null);
  // Replaced whole, never changed in place: no deep proxies for an article and its marks.
  clipping = $state.raw<Clipping | null>(null);
  highlights = $state.raw<Highlight[]>([]);
  /** The highlight to scroll to once its clipping is open. */
  reveal = $state.raw<Reveal | null>(null);
  notice = $state<{ text: string; undo: boolean } | null>(null);
  /** Deleted highlights, newest last: Undo brings them back. */
  private deleted: number[] = [];
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest selection may fill the reader. */
  private token = 0;

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly problems: Problems = appProblems,
    private readonly library: LibraryState = appLibrary,
  ) {}

  /** Opens clipping `id` with its highlights. */
  async open(id: number): Promise<void> {
    this.selectedId = id;
    const token = ++this.token;
    try {
      const [clipping, highlights] = await Promise.all([
        this.call('get_clipping', { id }),
        this.call('list_highlights', { clippingId: id }),
      ]);
      if (token !== this.token) return;
      if (this.clipping?.id !== clipping.id) this.deleted = [];
      this.clipping = clipping;
      this.highlights = highlights;
    } catch (e) {
      if (token === this.token) this.problems.report(e);
    }
  }

  /** Opens a clipping as it is (from the list): a highlight asked for earlier is no longer
   *  wanted. */
  openClipping(id: number): Promise<void> {
    this.reveal = null;
    return this.open(id);
  }

  /** Opens a highlight's clipping and shows the highlight there. */
  openHighlight(item: Pick<HighlightItem, 'id' | 'clippingId'>): Promise<void> {
    this.reveal = { id: item.id };
    return this.open(item.clippingId);
  }

  /** Opens the open clipping again (after a change elsewhere, such as its tags). */
  async reopen(): Promise<void> {
    if (this.clipping) await this.open(this.clipping.id);
  }

  /** Nothing open. */
  close(): void {
    this.token++;
    this.deleted = [];
    this.clipping = null;
    this.highlights = [];
    this.selectedId = null;
  }

  /** The open clipping's highlights are now `list`; the list's count follows. */
  setHighlights(list: Highlight[]): void {
    this.highlights = list;
    const id = this.clipping?.id;
    if (id !== undefined) this.library.updateClipping(id, { highlightCount: list.length });
  }

  private replace(updated: Highlight): void {
    this.setHighlights(inReadingOrder(this.highlights.map((h) => (h.id === updated.id ? updated : h))));
  }

  say(text: string, undo = false): void {
    this.notice = { text, undo };
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = null), undo ? UNDO_NOTICE_MS : NOTICE_MS);
  }

  /** Highlights `chosen` in `color`; resolves to the stored highlight, or null (the error
   *  is shown). */
  async highlight(chosen: TextSelection, color: Color): Promise<Highlight | null> {
    const clipping = this.clipping;
    if (!clipping) return null;
    try {
      const created = await this.call('add_highlight', {
        clippingId: clipping.id,
        start: chosen.start,
        end: chosen.end,
        exact: chosen.exact,
        color,
        note: '',
      });
      if (this.clipping?.id === clipping.id) this.setHighlights(inReadingOrder([...this.highlights, created]));
      return created;
    } catch (e) {
      this.problems.report(e);
      return null;
    }
  }

  async recolor(id: number, color: Color): Promise<void> {
    try {
      this.replace(await this.call('edit_highlight', { id, color, note: null }));
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** A highlight's note as typed: saved once typing pauses. */
  noteSoon(id: number, text: string): void {
    saveSoon(`highlight-${id}`, async () => {
      try {
        this.replace(await this.call('edit_highlight', { id, color: null, note: text }));
      } catch (e) {
        this.problems.report(e);
      }
    });
  }

  /** Saves what is waiting of a highlight's note now. */
  noteDone(id: number | undefined): Promise<void> {
    return flush(`highlight-${id}`);
  }

  async tag(id: number, tag: string, on: boolean): Promise<void> {
    try {
      this.replace(await this.call('set_highlight_tag', { highlightId: id, tag, on }));
      await this.library.reloadTags();
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** Deletes a highlight; the notice offers to bring it back. Resolves to whether it went. */
  async remove(id: number): Promise<boolean> {
    try {
      await flush(`highlight-${id}`);
      await this.call('delete_highlight', { id });
      this.deleted.push(id);
      this.setHighlights(this.highlights.filter((h) => h.id !== id));
      this.say('Highlight deleted.', true);
      return true;
    } catch (e) {
      this.problems.report(e);
      return false;
    }
  }

  /** Whether a deleted highlight can be brought back. */
  get canUndo(): boolean {
    return this.deleted.length > 0;
  }

  /** Brings back the highlight deleted last. */
  async undo(): Promise<void> {
    const id = this.deleted.pop();
    if (id === undefined) return;
    try {
      const back = await this.call('restore_highlight', { id });
      this.setHighlights(inReadingOrder([...this.highlights, back]));
      this.notice = null;
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** Copies `text` of the open clipping as a quote (or Markdown), with its attribution. */
  async copy(text: string, location: string | null, markdown: boolean): Promise<void> {
    const clipping = this.clipping;
    if (!clipping) return;
    try {
      await this.call('copy_quote', { clippingId: clipping.id, text, location, markdown });
      this.say(markdown ? 'Copied as Markdown.' : 'Quote copied.');
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** Copies the open clipping as Markdown: its title, byline, note and highlights. */
  async copyMarkdown(): Promise<void> {
    const clipping = this.clipping;
    if (!clipping) return;
    try {
      await this.call('copy_clipping_markdown', { id: clipping.id });
      this.say('Copied as Markdown: the title, note and highlights.');
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** The clipping's own note as typed: saved once typing pauses. */
  clippingNoteSoon(text: string): void {
    const id = this.clipping?.id;
    if (id === undefined) return;
    saveSoon(`clipping-${id}`, async () => {
      try {
        const saved = await this.call('set_clipping_note', { clippingId: id, note: text });
        if (this.clipping?.id === saved.id) this.clipping = saved;
      } catch (e) {
        this.problems.report(e);
      }
    });
  }

  clippingNoteDone(): Promise<void> {
    return flush(`clipping-${this.clipping?.id}`);
  }

  /** Puts a tag on the open clipping or takes it off. */
  async setTag(tag: string, on: boolean): Promise<void> {
    const clipping = this.clipping;
    if (!clipping) return;
    try {
      const updated = await this.call('set_clipping_tag', { clippingId: clipping.id, tag, on });
      if (this.clipping?.id === updated.id) this.clipping = updated;
      await this.library.reloadTags();
      this.library.updateClipping(updated.id, { tags: updated.tags });
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** Moves the open clipping to the trash (or back); the reader empties. */
  async setTrashed(trashed: boolean): Promise<void> {
    const clipping = this.clipping;
    if (!clipping) return;
    try {
      await this.call('set_trashed', { clippingId: clipping.id, trashed });
      this.close();
      await this.library.refresh();
    } catch (e) {
      this.problems.report(e);
    }
  }
}

export const reader = new ReaderState();
