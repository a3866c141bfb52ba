// Rows as the core returns them, for the state modules' tests.
import type { Clipping, ClippingSummary, Highlight, HighlightItem, ImportReport } from '../bindings';

export function summary(id: number, title = `Clipping ${id}`): ClippingSummary {
  return {
    id,
    kind: 'article',
    title,
    author: null,
    siteName: null,
    sourceUrl: null,
    publishedAt: null,
    clippedAt: '2026-01-01T00:00:00Z',
    highlightCount: 0,
    tags: [],
    deletedAt: null,
  };
}

export function clipping(id: number, text = 'The river runs to the sea.'): Clipping {
  return { ...summary(id), note: '', noteHtml: '', contentHash: `hash-${id}`, html: `<p>${text}</p>`, text };
}

export function highlight(id: number, clippingId: number, start: number, end: number): Highlight {
  return {
    id,
    clippingId,
    text: 'words',
    note: '',
    noteHtml: '',
    color: 'yellow',
    location: null,
    page: null,
    createdAt: '2026-01-01T00:00:00Z',
    status: 'anchored',
    start,
    end,
    prefix: '',
    suffix: '',
    previousText: null,
    tags: [],
  };
}

export function item(id: number, clippingId: number): HighlightItem {
  return { ...highlight(id, clippingId, 0, 5), clippingTitle: `Clipping ${clippingId}` };
}

export function report(change: Partial<ImportReport> = {}): ImportReport {
  return { imported: [], unchanged: [], updated: [], inTrash: [], failed: [], cancelled: false, warnings: [], ...change };
}
