// Words for what an import did.
import type { ImportReport, ImportWarning, Skipped } from './bindings';
import { countOf as count } from './format';

/** "Imported 2 clippings · 1 already in the library · 1 file failed" */
export function importSummary(report: ImportReport): string {
  const parts: string[] = [];
  if (report.imported.length) parts.push(`Imported ${count(report.imported.length, 'clipping', 'clippings')}`);
  if (report.updated.length) parts.push(`updated ${report.updated.length}`);
  if (report.unchanged.length) parts.push(`${report.unchanged.length} already in the library`);
  if (report.inTrash.length) parts.push(`${report.inTrash.length} left in the trash`);
  const h = report.highlights;
  if (h && (h.added || h.merged)) {
    parts.push(`${count(h.added, 'highlight', 'highlights')} added` + (h.merged ? `, ${h.merged} merged` : ''));
  }
  if (h) {
    const skipped = skippedText(h.skipped);
    if (skipped) parts.push(`skipped ${skipped}`);
  }
  if (report.warnings.length) parts.push(count(report.warnings.length, 'warning', 'warnings'));
  if (report.failed.length) parts.push(count(report.failed.length, 'file failed', 'files failed'));
  if (report.cancelled) parts.push('cancelled');
  if (parts.length === 0) return 'Nothing to import';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "2 bookmarks, 1 clipping-limit placeholder": the Kindle entries an import did not keep. */
export function skippedText(skipped: Skipped): string {
  const kinds: [number, string, string][] = [
    [skipped.bookmarks, 'bookmark', 'bookmarks'],
    [skipped.clippedArticles, 'clipped article', 'clipped articles'],
    [skipped.limitPlaceholders, 'clipping-limit placeholder', 'clipping-limit placeholders'],
    [skipped.empty, 'empty entry', 'empty entries'],
    [skipped.fragments, 'fragment of a cut-off entry', 'fragments of cut-off entries'],
    [skipped.unreadable, 'unreadable entry', 'unreadable entries'],
  ];
  return kinds
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => count(n, one, many))
    .join(', ');
}

/** "Entry 4 (line 16): cannot tell …": where in its file a warning is, then what it says. */
export function warningText(w: ImportWarning): string {
  const place = w.entry ? `Entry ${w.entry} (line ${w.line})` : w.line ? `Line ${w.line}` : '';
  return place ? `${place}: ${w.message}` : w.message;
}
