// The search field's state: what is typed, the hits of the latest query a page at a time
// (asked for at each keystroke, one search at a time: what is typed while one runs is
// searched when it answers, and only the latest answer is shown), the core's word
// on a query it cannot read, the order asked for, and the saved searches with the one
// open. While a query is typed, the list pane shows its hits, narrowed by the list's view
// and filters (`scope`).
import type { Hit, IpcError, SavedSearch, SearchScope, SearchSort } from '../bindings';
import { asIpcError } from '../ipc';
import { call as invokeCommand, type Call } from './call';
import { scopeFor } from '../views';
import { library } from './library.svelte';
import { PagedList } from './paged.svelte';
import { problems as appProblems, type Problems } from './problems.svelte';

/** Hits in a page. */
const PAGE = 50;

export class SearchState {
  query = $state('');
  readonly hits = new PagedList<Hit>();
  /** Why the query cannot be read, as the core says it (with the character). */
  error = $state<IpcError | null>(null);
  /** Whether the hits shown are those of what is typed now. */
  current = $state(true);
  /** The order asked for in the list's controls; `null`: the query's own (by relevance). */
  sort = $state<SearchSort | null>(null);
  saved = $state.raw<SavedSearch[]>([]);
  /** The saved search opened from the sidebar, while its query is in the field. */
  openName = $state<string | null>(null);
  /** Whether a search is running, and whether something was typed since it began. */
  private running = false;
  private again = false;

  readonly active = $derived(this.query.trim() !== '');
  /** The saved search open, if the field still holds its query. */
  readonly openSaved = $derived(
    this.saved.find((s) => s.name === this.openName && s.query === this.query.trim()) ?? null,
  );

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly scope: () => SearchScope = () => scopeFor({ kind: 'library' }),
    private readonly problems: Problems = appProblems,
  ) {}

  private pages = (cursor: string | null) =>
    this.call('search', { query: this.query, sort: this.sort, scope: this.scope(), after: cursor, limit: PAGE });

  /** What the field holds now: searched now, or when the search running answers. */
  type(query: string): void {
    this.query = query;
    this.current = false;
    if (!this.active) {
      this.hits.clear();
      this.error = null;
      this.current = true;
      this.openName = null;
      return;
    }
    if (this.running) this.again = true;
    else void this.run();
  }

  /** Searches for what is typed now (again, after the view, filters or sort changed). */
  async run(): Promise<void> {
    if (!this.active) return;
    const query = this.query;
    this.running = true;
    this.again = false;
    try {
      const latest = await this.hits.load(this.pages);
      if (latest && query === this.query) {
        this.error = null;
        this.current = true;
      }
    } catch (e) {
      if (query === this.query) {
        this.hits.clear();
        this.error = asIpcError(e);
        this.current = true;
      }
    } finally {
      this.running = false;
    }
    if (this.again) await this.run();
  }

  /** The next page of hits, when the list is scrolled to its end. */
  async more(): Promise<void> {
    try {
      await this.hits.more();
    } catch (e) {
      this.problems.report(e);
    }
  }

  setSort(sort: SearchSort | null): void {
    this.sort = sort;
    void this.run();
  }

  clear(): void {
    this.type('');
  }

  /** The saved searches again, with their counts now. */
  async loadSaved(): Promise<void> {
    try {
      this.saved = await this.call('saved_searches', {});
    } catch (e) {
      this.problems.report(e);
    }
  }

  /** Shows a saved search: its query in the field, its hits in the list. */
  open(saved: SavedSearch): Promise<void> {
    this.query = saved.query;
    this.openName = saved.name;
    this.current = false;
    return this.run();
  }

  /** Saves what is typed as `name` (an existing name takes the new query). Resolves to
   *  whether it was saved. */
  async save(name: string): Promise<boolean> {
    return this.change(async () => {
      await this.call('save_search', { name, query: this.query });
      this.openName = name.trim();
    });
  }

  rename(old: string, name: string): Promise<boolean> {
    return this.change(async () => {
      await this.call('rename_search', { old, new: name });
      if (this.openName === old) this.openName = name.trim();
    });
  }

  remove(name: string): Promise<boolean> {
    return this.change(async () => {
      await this.call('delete_search', { name });
      if (this.openName === name) this.openName = null;
    });
  }

  /** Moves a saved search `by` places up (negative) or down. */
  move(name: string, by: number): Promise<boolean> {
    const names = this.saved.map((s) => s.name);
    const from = names.indexOf(name);
    const to = from + by;
    if (from < 0 || to < 0 || to >= names.length) return Promise.resolve(false);
    names.splice(from, 1);
    names.splice(to, 0, name);
    // Shown in the new order at once; the stored order follows.
    this.saved = names.map((n) => this.saved.find((s) => s.name === n)!);
    return this.change(() => this.call('reorder_searches', { names }));
  }

  private async change(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (e) {
      this.problems.report(e);
      return false;
    } finally {
      await this.loadSaved();
    }
  }
}

export const search = new SearchState(invokeCommand, () => scopeFor(library.view, library.filters));
