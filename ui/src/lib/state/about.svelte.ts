// The About panel's state: whether it is open, what it shows (the version, the library's
// file, the log's folder) and the error of its last request, if any. The app has one
// (`about`); tests make their own over a fake `call`.
import type { AppInfo } from '../bindings';
import { asIpcError, call as invokeCommand } from '../ipc';

type Call = (command: 'app_info' | 'show_log_folder', args: Record<string, never>) => Promise<unknown>;

export class AboutPanel {
  open = $state(false);
  info = $state<AppInfo | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly call: Call = invokeCommand) {}

  /** Opens the panel, asking Rust what it shows each time (the log may have moved). */
  async show(): Promise<void> {
    this.open = true;
    this.error = null;
    try {
      this.info = (await this.call('app_info', {})) as AppInfo;
    } catch (e) {
      this.error = asIpcError(e).message;
    }
  }

  close(): void {
    this.open = false;
  }

  /** Opens the log's folder in the system's file manager; a failure is shown in the panel. */
  async showLogFolder(): Promise<void> {
    this.error = null;
    try {
      await this.call('show_log_folder', {});
    } catch (e) {
      this.error = asIpcError(e).message;
    }
  }
}

export const about = new AboutPanel();
