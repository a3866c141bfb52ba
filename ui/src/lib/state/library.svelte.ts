// The library as the window shows it: which view is open (with its sort and filters), the
// page-by-page lists of that view, the sidebar's counts and tags, the last tag change (to
// undo), and whether the library could be opened at all.
import type {
  ClippingSummary,
  Color,
  Counts,
  HighlightItem,
  IpcError,
  LibraryProgress,
  Sort,
  TagChange,
  TagCount,
} from '../bindings';
import { asIpcError } from '../ipc';
import {
  filterCount,
  highlightQueryFor,
  listsHighlights,
  NO_FILTERS,
  queryFor,
  type ListFilters,
  type View,
} from '../views';
import { call as invokeCommand, type Call } from './call';
import { PagedList } from './paged.svelte';
import { problems as appProblems, type Problems } from './problems.svelte';

/** Errors that mean the library itself cannot be used (shown in place of the list). */
const LIBRARY_ERRORS = [
  'newer_library',
  'not_a_library',
  'no_data_folder',
  'damaged_library',
  'read_only_library',
  'disk_io',
];

export class LibraryState {
  view = $state<View>({ kind: 'library' });
  sort = $state<Sort>('clipped');
  filters = $state<ListFilters>(NO_FILTERS);
  /** The Highlights views' own filters. */
  highlightColor = $state<Color | null>(null);
  highlightTag = $state<string | null>(null);
  /** The view's clippings, a page at a time. */
  readonly clippings = new PagedList<ClippingSummary>();
  /** The view's highlights (Highlights, Notes, Orphaned), a page at a time. */
  readonly highlights = new PagedList<HighlightItem>();
  /** In Notes, the clippings with a note of their own, shown before the highlights. */
  noted = $state.raw<ClippingSummary[]>([]);
  counts = $state<Counts>({ library: 0, books: 0, trash: 0 });
  tags = $state.raw<TagCount[]>([]);
  /** Whether the first answer has come (until then nothing says the library is empty). */
  loaded = $state(false);
  /** Why the library cannot be used, when it cannot. */
  libraryError = $state<IpcError | null>(null);
  /** The last rename, merge or delete of a tag, which the notice offers to undo. */
  tagChange = $state<{ text: string; change: TagChange } | null>(null);
  /** Whether the filter panel is open. */
  filtering = $state(false);
  /** Whether Empty trash is waiting for its confirmation. */
  confirmingEmpty = $state(false);
  /** While the library is being brought up to date as it opens (indexed for search): how
   *  far that is. Commands wait for it; the first refresh ends it. */
  opening = $state<LibraryProgress | null>(null);

  /** Only the answer to the latest refresh may fill the window. */
  private refreshToken = 0;

  readonly activeFilters = $derived(filterCount(this.filters));
  readonly tagNames = $derived(this.tags.map((t) => t.name));
  readonly listsHighlights = $derived(listsHighlights(this.view));

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly problems: Problems = appProblems,
  ) {}

  private clippingPages = (cursor: string | null) =>
    this.call('list_page', { query: queryFor(this.view, this.sort, cursor, this.filters) });

  private highlightPages = (cursor: string | null) =>
    this.call('highlight_page', {
      query: highlightQueryFor(this.view, this.highlightColor, this.highlightTag, cursor),
    });

  /** The library failed SQLite's check after it opened (see `damaged`). */
  private damage: IpcError | null = null;

  /** The library is damaged: shown in place of the list from now on, with the way to a
   *  backup; nothing more is written to it from here. */
  damaged(error: IpcError): void {
    this.damage = error;
    this.libraryError = error;
  }

  /** Loads the first page of the view, the section counts and the tags. */
  async refresh(): Promise<void> {
    const highlightsView = listsHighlights(this.view);
    const list = highlightsView ? this.highlights : this.clippings;
    const token = ++this.refreshToken;
    const listToken = list.begin();
    try {
      const [page, counts, tags] = await Promise.all([
        highlightsView ? this.highlightPages(null) : this.clippingPages(null),
        this.call('counts', {}),
        this.call('list_tags', {}),
      ]);
      if (token !== this.refreshToken || !list.current(listToken)) return;
      if (highlightsView) {
        this.highlights.show(page as { items: HighlightItem[]; next: string | null }, this.highlightPages);
        // Notes: the clippings with a note of their own come first.
        this.noted =
          this.view.kind === 'notes'
            ? (await this.call('list_page', { query: queryFor(this.view, this.sort, null) })).items
            : [];
        this.clippings.clear();
      } else {
        this.clippings.show(page as { items: ClippingSummary[]; next: string | null }, this.clippingPages);
      }
      this.counts = counts;
      this.tags = tags;
      // Found damaged after it opened: that stands, whatever a read still returns.
      this.libraryError = this.damage;
    } catch (e) {
      const error = asIpcError(e);
      if (LIBRARY_ERRORS.includes(error.code)) this.libraryError = error;
      else this.problems.report(error);
    } finally {
      this.loaded = true;
      this.opening = null;
    }
  }

  /** The next page of the open list, when the person scrolls to its end. */
  async more(): Promise<void> {
    try {
      await (this.listsHighlights ? this.highlights : this.clippings).more();
    } catch (e) {
      this.problems.report(e);
    }
  }

  show(view: View): void {
    this.view = view;
    this.confirmingEmpty = false;
    void this.refresh();
  }

  setSort(sort: Sort): void {
    this.sort = sort;
    void this.refresh();
  }

  setFilters(filters: ListFilters): void {
    this.filters = filters;
    void this.refresh();
  }

  setHighlightFilters(color: Color | null, tag: string | null): void {
    this.highlightColor = color;
    this.highlightTag = tag;
    void this.refresh();
  }

  /** The tags again (after a tag was put on or taken off something). */
  async reloadTags(): Promise<void> {
    try {
      this.tags = await this.call('list_tags', {});
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** Runs a rename, merge or delete of tags; its notice offers to undo it. Resolves to
   *  whether it was done. */
  async changeTags(work: () => Promise<TagChange>, text: string): Promise<boolean> {
    try {
      const change = await work();
      this.tagChange = { text, change };
      if (this.view.kind === 'tag') this.view = { kind: 'library' };
      await this.refresh();
      return true;
    } catch (e) {
      this.problems.report(e);
      return false;
    }
  }

  renameTag(old: string, name: string): Promise<boolean> {
    return this.changeTags(() => this.call('rename_tag', { old, new: name }), `Renamed “${old}” to “${name}”.`);
  }

  deleteTag(name: string): Promise<boolean> {
    return this.changeTags(() => this.call('delete_tag', { name }), `Deleted the tag “${name}”.`);
  }

  /** Undoes the last tag change. Resolves to whether it was undone. */
  async undoTagChange(): Promise<boolean> {
    const last = this.tagChange;
    if (!last) return false;
    this.tagChange = null;
    try {
      await this.call('undo_tag_change', { change: last.change });
      await this.refresh();
      return true;
    } catch (e) {
      this.problems.report(e);
      return false;
    }
  }

  /** Deletes what is in the trash for good. Resolves to whether it was done. */
  async emptyTrash(): Promise<boolean> {
    this.confirmingEmpty = false;
    try {
      await this.call('empty_trash', {});
      await this.refresh();
      return true;
    } catch (e) {
      this.problems.report(e);
      return false;
    }
  }

  /** Keeps a clipping's row in the list in step with a change made to it elsewhere. */
  updateClipping(id: number, change: Partial<ClippingSummary>): void {
    this.clippings.update((c) => (c.id === id ? { ...c, ...change } : c));
  }
}

export const library = new LibraryState();
