// How clipping details read in the UI: dates in the person's locale, bylines, file names.
import type { ClippingSummary } from './bindings';

/**
 * A stored date as the person reads it. A bare ISO date (`2026-03-04`) is a calendar day,
 * shown as that day in every time zone; a date-time is shown in local time.
 */
export function formatDate(iso: string | null, locale?: string): string {
  if (!iso) return '';
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const date = bare
    ? new Date(Number(bare[1]), Number(bare[2]) - 1, Number(bare[3]))
    : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** "Author · Site · Date" (for a book: "Author · 12 highlights"), leaving out what is unknown. */
export function byline(c: ClippingSummary, locale?: string): string {
  if (c.kind === 'book') {
    return [c.author, countOf(c.highlightCount, 'highlight', 'highlights')].filter(Boolean).join(' · ');
  }
  return [c.author, c.siteName, formatDate(c.publishedAt, locale)]
    .filter((part): part is string => Boolean(part))
    .join(' · ');
}

/** The last component of a path, for naming a file in a message. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** The index to select after a navigation key in a list of `length` items. */
export function nextIndex(key: string, current: number, length: number, page = 10): number | null {
  if (length === 0) return null;
  const last = length - 1;
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return Math.min(current + 1, last);
    case 'ArrowUp':
    case 'k':
      return Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(current + page, last);
    case 'PageUp':
      return Math.max(current - page, 0);
    default:
      return null;
  }
}

/** "1 highlight", "3 highlights", "1,001 highlights". */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** Where a book highlight is: "Page 9 · Location 214–215", "Page xv", "Location 1234"; an
 * empty string when it has neither. */
export function placeOf(place: { page: string | null; location: string | null }): string {
  const range = (s: string) => s.replace(/-/g, '–');
  const parts: string[] = [];
  if (place.page) parts.push(`Page ${range(place.page)}`);
  if (place.location) parts.push(`Location ${range(place.location)}`);
  return parts.join(' · ');
}
