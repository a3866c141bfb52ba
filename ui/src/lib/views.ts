// The library's views as the sidebar offers them, and the list query each one makes.
import type { ClippingKind, Color, HighlightQuery, ListQuery, SearchScope, Sort, TagCount } from './bindings';
import { countOf } from './format';

export type View =
  | { kind: 'library' }
  | { kind: 'books' }
  | { kind: 'trash' }
  | { kind: 'tag'; tag: string }
  | { kind: 'highlights' }
  | { kind: 'notes' }
  | { kind: 'orphans' };

/** Whether a view lists highlights rather than clippings. */
export function listsHighlights(view: View): boolean {
  return view.kind === 'highlights' || view.kind === 'notes' || view.kind === 'orphans';
}

/** The filters a person adds to a list of clippings, on top of what its view shows. */
export interface ListFilters {
  /** Every one of these tags (or a tag beneath it) must be on a clipping. */
  tags: string[];
  /** Clippings with a highlight of this colour. */
  color: Color | null;
  kind: ClippingKind | null;
  /** Clipped on or after this day, `YYYY-MM-DD`. */
  from: string | null;
  /** Clipped on or before this day, `YYYY-MM-DD`. */
  to: string | null;
}

export const NO_FILTERS: ListFilters = { tags: [], color: null, kind: null, from: null, to: null };

/** How many filters are set. */
export function filterCount(filters: ListFilters): number {
  return (
    filters.tags.length +
    (filters.color ? 1 : 0) +
    (filters.kind ? 1 : 0) +
    (filters.from || filters.to ? 1 : 0)
  );
}

/** The list query of a view, in a sort, from a cursor, with the person's filters. */
export function queryFor(
  view: View,
  sort: Sort,
  after: string | null,
  filters: ListFilters = NO_FILTERS,
): ListQuery {
  const viewTags = view.kind === 'tag' ? [view.tag] : [];
  const extra = filters.tags.filter((t) => !viewTags.some((v) => v.toLowerCase() === t.toLowerCase()));
  return {
    tags: [...viewTags, ...extra],
    kind: view.kind === 'books' ? 'book' : filters.kind,
    color: filters.color,
    sort,
    clippedFrom: filters.from || null,
    clippedTo: filters.to || null,
    trash: view.kind === 'trash',
    withNote: view.kind === 'notes',
    after,
    limit: 100,
  };
}

/** What a search typed in a view is narrowed to: the view's clippings (a tag's, the
 *  books, the trash) and the person's filters. The highlights views narrow nothing. */
export function scopeFor(view: View, filters: ListFilters = NO_FILTERS): SearchScope {
  const viewTags = view.kind === 'tag' ? [view.tag] : [];
  const extra = filters.tags.filter((t) => !viewTags.some((v) => v.toLowerCase() === t.toLowerCase()));
  return {
    tags: [...viewTags, ...extra],
    color: filters.color,
    kind: view.kind === 'books' ? 'book' : filters.kind,
    clippedFrom: filters.from || null,
    clippedTo: filters.to || null,
    trash: view.kind === 'trash',
  };
}

/** A view's title, as the list's header shows it. */
export function viewTitle(view: View): string {
  switch (view.kind) {
    case 'library':
      return 'Library';
    case 'books':
      return 'Books';
    case 'trash':
      return 'Trash';
    case 'tag':
      return view.tag;
    case 'highlights':
      return 'Highlights';
    case 'notes':
      return 'Notes';
    case 'orphans':
      return 'Orphaned';
  }
}

/** Whether two views are the same. */
export function sameView(a: View, b: View): boolean {
  return a.kind === b.kind && (a.kind !== 'tag' || (b.kind === 'tag' && a.tag === b.tag));
}

/** A tag in the tree: its last level, how deep it sits, and its counts. */
export interface TagNode {
  name: string;
  label: string;
  depth: number;
  clippings: number;
  highlights: number;
  /** Whether tags sit beneath it (its view lists theirs too). */
  parent: boolean;
}

/** The tags as a tree in display order: every level shown, parents before children (a
 *  parent no clipping carries itself still appears, with no counts of its own). */
export function tagTree(tags: TagCount[]): TagNode[] {
  const byKey = new Map<string, TagNode>();
  for (const tag of tags) {
    const levels = tag.name.split('/');
    for (let depth = 1; depth <= levels.length; depth++) {
      const name = levels.slice(0, depth).join('/');
      const key = name.toLowerCase();
      if (!byKey.has(key)) {
        byKey.set(key, { name, label: levels[depth - 1] ?? name, depth: depth - 1, clippings: 0, highlights: 0, parent: false });
      }
      if (depth < levels.length) byKey.get(key)!.parent = true;
    }
    const node = byKey.get(tag.name.toLowerCase());
    if (node) {
      node.clippings = tag.clippingCount;
      node.highlights = tag.highlightCount;
    }
  }
  // Level by level, so that a parent's children follow it directly.
  const order = (key: string) => key.replaceAll('/', '\u0000');
  return [...byKey.entries()]
    .sort(([a], [b]) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    .map(([, node]) => node);
}

/** What a tag's entry in the tree says when pointed at: what carries it, and for a parent,
 *  that its view lists what carries the tags beneath it as well. */
export function tagTitle(node: TagNode): string {
  const own = `${countOf(node.clippings, 'clipping', 'clippings')}, ${countOf(node.highlights, 'highlight', 'highlights')}`;
  const what = !node.parent
    ? own
    : node.clippings + node.highlights > 0
      ? `${own}, and those of the tags beneath it`
      : 'the clippings and highlights of the tags beneath it';
  return `${node.name}: ${what}. Double-click to rename.`;
}

/** The highlight query of a highlights view, with its colour and tag filters. */
export function highlightQueryFor(
  view: View,
  color: Color | null,
  tag: string | null,
  after: string | null,
): HighlightQuery {
  return {
    tag,
    color,
    withNote: view.kind === 'notes',
    orphaned: view.kind === 'orphans',
    after,
    limit: 100,
  };
}

/** Rows of a long list are all this tall, so that only those in view need to exist. */
export const ROW_HEIGHT = 74;
/** Lists longer than this are windowed. */
export const WINDOW_FROM = 400;

/** Which rows of a list of `count` rows of `row` pixels a view of `height` pixels scrolled
 *  to `top` shows, with `overscan` rows more on each side: `[first, last)`. */
export function visibleRange(
  count: number,
  top: number,
  height: number,
  row = ROW_HEIGHT,
  overscan = 8,
): [number, number] {
  const first = Math.max(0, Math.floor(top / row) - overscan);
  const last = Math.min(count, Math.ceil((top + height) / row) + overscan);
  return [Math.min(first, last), last];
}
