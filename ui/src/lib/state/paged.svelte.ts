// One list that comes a page at a time (the clippings, the highlights, and search hits
// next): its items so far, the cursor of the next page, and a token so that only the
// answer to the latest request fills it (a slow first page of an old view never lands
// over a new one).

/** A page as the core gives it. */
export type PageOf<T> = { items: T[]; next: string | null };

/** Asks for the page after `cursor` (`null`: the first). */
export type Loader<T> = (cursor: string | null) => Promise<PageOf<T>>;

export class PagedList<T> {
  // Raw: a long list is replaced page by page, never changed in place, and 100,000 rows
  // need no deep proxies.
  items = $state.raw<T[]>([]);
  next = $state<string | null>(null);
  private token = 0;
  private loader: Loader<T> | null = null;

  /** Starts the list again from its first page, as `loader` gives pages; resolves to
   *  whether this was still the latest request when its answer came. */
  async load(loader: Loader<T>): Promise<boolean> {
    this.loader = loader;
    const token = ++this.token;
    const page = await loader(null);
    if (token !== this.token) return false;
    this.items = page.items;
    this.next = page.next;
    return true;
  }

  /** Shows `page` as the list's first page without asking for it (it came with others). */
  show(page: PageOf<T>, loader: Loader<T>): void {
    this.loader = loader;
    this.token++;
    this.items = page.items;
    this.next = page.next;
  }

  /** A request that will fill the list: answers that come after a newer one are dropped. */
  begin(): number {
    return ++this.token;
  }

  /** Whether `token` is still the latest request. */
  current(token: number): boolean {
    return token === this.token;
  }

  /** Adds the next page, if there is one and none is being fetched. */
  async more(): Promise<void> {
    const cursor = this.next;
    const loader = this.loader;
    if (cursor === null || loader === null) return;
    const token = this.token;
    this.next = null;
    try {
      const page = await loader(cursor);
      if (token !== this.token) return;
      this.items = [...this.items, ...page.items];
      this.next = page.next;
    } catch (e) {
      // The cursor stays usable: scrolling again asks again.
      if (token === this.token) this.next = cursor;
      throw e;
    }
  }

  /** Changes items in place of the list (a new tag, a new count), keeping the rest. */
  update(change: (item: T) => T): void {
    this.items = this.items.map(change);
  }

  clear(): void {
    this.token++;
    this.items = [];
    this.next = null;
  }
}
