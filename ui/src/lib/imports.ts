// Words for what an import did.
import type { ImportReport } from './bindings';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Imported 2 clippings · 1 already in the library · 1 file failed" */
export function importSummary(report: ImportReport): string {
  const parts: string[] = [];
  if (report.imported.length) parts.push(`Imported ${count(report.imported.length, 'clipping', 'clippings')}`);
  if (report.updated.length) parts.push(`updated ${report.updated.length}`);
  if (report.unchanged.length) parts.push(`${report.unchanged.length} already in the library`);
  if (report.failed.length) parts.push(count(report.failed.length, 'file failed', 'files failed'));
  if (parts.length === 0) return 'Nothing to import';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
