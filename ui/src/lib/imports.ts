// Words for what an import did.
import type { ImportReport } from './bindings';
import { countOf as count } from './format';

/** "Imported 2 clippings · 1 already in the library · 1 file failed" */
export function importSummary(report: ImportReport): string {
  const parts: string[] = [];
  if (report.imported.length) parts.push(`Imported ${count(report.imported.length, 'clipping', 'clippings')}`);
  if (report.updated.length) parts.push(`updated ${report.updated.length}`);
  if (report.unchanged.length) parts.push(`${report.unchanged.length} already in the library`);
  const h = report.highlights;
  if (h && (h.added || h.merged)) {
    parts.push(`${count(h.added, 'highlight', 'highlights')} added` + (h.merged ? `, ${h.merged} merged` : ''));
  }
  if (report.failed.length) parts.push(count(report.failed.length, 'file failed', 'files failed'));
  if (report.cancelled) parts.push('cancelled');
  if (parts.length === 0) return 'Nothing to import';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
