// File ▸ Export…: a format, where to, and what (everything, the view or search open in the
// window, or the clipping being read), with progress and what was written. The app has
// one (`exports`); tests make their own over a fake `call`.
import type { ExportReport, Format, ImportProgress, IpcError } from '../bindings';
import { asIpcError } from '../ipc';
import type { View } from '../views';
import { call as invokeCommand, type Call } from './call';

export type ExportScope = 'everything' | 'view' | 'clipping';

/** The search that stands for a view of the library (`null`: the whole library). */
export function viewQuery(view: View): string | null {
  switch (view.kind) {
    case 'library':
      return null;
    case 'books':
      return 'kind:book';
    case 'trash':
      return 'is:trashed';
    case 'tag':
      return `tag:"${view.tag.replace(/"/g, '')}"`;
    case 'highlights':
      return 'has:highlights';
    case 'notes':
      return 'has:note';
    case 'orphans':
      return 'is:orphaned';
  }
}

/** What the open window shows, for the scope "the current view or search". */
export interface Showing {
  view: View;
  search: string;
  clipping: number | null;
}

export class Exports {
  open = $state(false);
  format = $state<Format>('markdown');
  scope = $state<ExportScope>('everything');
  withBody = $state(false);
  /** A folder for Markdown, a file for the others; typed, or chosen with the dialog. */
  out = $state('');
  working = $state(false);
  progress = $state<ImportProgress | null>(null);
  report = $state<ExportReport | null>(null);
  error = $state<IpcError | null>(null);

  constructor(private readonly call: Call = invokeCommand) {}

  show(): void {
    this.open = true;
    this.report = null;
    this.error = null;
  }

  close(): void {
    if (!this.working) this.open = false;
  }

  /** The request for what the window shows now. */
  request(showing: Showing) {
    let query: string | null = null;
    let clippings: number[] = [];
    if (this.scope === 'view') {
      const search = showing.search.trim();
      const view = viewQuery(showing.view);
      query = search && view ? `(${search}) ${view}` : search || view;
    } else if (this.scope === 'clipping' && showing.clipping !== null) {
      clippings = [showing.clipping];
    }
    return {
      format: this.format,
      out: this.out.trim(),
      query,
      clippings,
      withBody: this.format === 'markdown' && this.withBody,
    };
  }

  async run(showing: Showing): Promise<void> {
    if (this.working || !this.out.trim()) return;
    this.working = true;
    this.progress = null;
    this.report = null;
    this.error = null;
    try {
      this.report = await this.call('export', this.request(showing));
    } catch (e) {
      this.error = asIpcError(e);
    } finally {
      this.working = false;
    }
  }

  progressed(progress: ImportProgress): void {
    this.progress = progress;
  }
}

export const exports = new Exports();
