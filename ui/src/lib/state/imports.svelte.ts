// Imports as the window runs them: one at a time, with its progress and its report; the
// first clipping it touched opens. Files (the picker, the menu, a drop), the clipboard
// (a paste, the Paste button) and a web address all go through `run`.
import { open } from '@tauri-apps/plugin-dialog';
import type { ImportProgress, ImportReport } from '../bindings';
import { IMPORTABLE_EXTENSIONS } from '../bindings';
import { call as invokeCommand, type Call } from './call';
import { library as appLibrary, type LibraryState } from './library.svelte';
import { problems as appProblems, type Problems } from './problems.svelte';
import { reader as appReader, type ReaderState } from './reader.svelte';

export class ImportState {
  importing = $state(false);
  progress = $state<ImportProgress | null>(null);
  /** What the last import did, until dismissed. */
  report = $state<ImportReport | null>(null);
  /** Whether the Add URL field is open, and what is typed in it. */
  addingUrl = $state(false);
  url = $state('');

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly problems: Problems = appProblems,
    private readonly library: LibraryState = appLibrary,
    private readonly reader: ReaderState = appReader,
  ) {}

  /** Runs an import and shows its report; resolves to it, or null when the import failed. */
  async run(work: () => Promise<ImportReport>): Promise<ImportReport | null> {
    this.importing = true;
    this.progress = null;
    this.problems.dismiss();
    try {
      const report = await work();
      this.report = report;
      await this.library.refresh();
      const first = report.imported[0] ?? report.updated[0] ?? report.unchanged[0];
      if (first !== undefined) await this.reader.open(first);
      return report;
    } catch (e) {
      this.problems.report(e);
      return null;
    } finally {
      this.importing = false;
      this.progress = null;
    }
  }

  /** Asks for files in the system's dialog, and imports those chosen. */
  async choose(): Promise<void> {
    try {
      const picked = await open({
        multiple: true,
        directory: false,
        title: 'Import into Commonplace',
        filters: [{ name: 'Articles, web pages and Kindle clippings', extensions: [...IMPORTABLE_EXTENSIONS] }],
      });
      if (picked) await this.files(Array.isArray(picked) ? picked : [picked]);
    } catch (e) {
      this.problems.report(e);
    }
  }

  async files(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    await this.run(() => this.call('import_files', { paths }));
  }

  /** What a paste carried: HTML when it has some. */
  async pasted(html: string | null, text: string | null): Promise<void> {
    await this.run(() => this.call('import_pasted', { html, text }));
  }

  /** The Paste button: Rust reads the clipboard (the page itself has no access to it). */
  async clipboard(): Promise<void> {
    await this.run(() => this.call('paste_clipboard', {}));
  }

  /** Fetches what was typed; whether it is a web address is the core's to say. The field
   *  closes once the page is in. */
  async addUrl(): Promise<void> {
    const report = await this.run(() => this.call('import_url', { url: this.url.trim() }));
    if (report !== null && report.failed.length === 0) {
      this.addingUrl = false;
      this.url = '';
    }
  }

  cancel(): void {
    this.call('cancel_import', {}).catch((e) => this.problems.report(e));
  }

  /** An import's progress, as Rust sends it after each file. */
  advanced(progress: ImportProgress): void {
    this.progress = progress;
  }
}

export const imports = new ImportState();
