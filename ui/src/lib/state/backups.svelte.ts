// Backups as the window shows them: when the last one was made (calm, in the sidebar),
// Back Up Now with its progress, and the list to restore from, with what restoring does.
// The app has one (`backups`); tests make their own over a fake `call`.
import type { BackupInfo, BackupProgress, IpcError, Restored } from '../bindings';
import { asIpcError } from '../ipc';
import { call as invokeCommand, type Call } from './call';

export class Backups {
  /** Newest first, as Rust lists them. */
  list = $state.raw<BackupInfo[]>([]);
  /** Whether the list to restore from is open. */
  open = $state(false);
  /** A backup is being made: how far it is (`null` before its first step). */
  working = $state<BackupProgress | null>(null);
  backingUp = $state(false);
  /** The backup the person chose to restore, awaiting their confirmation. */
  confirming = $state<BackupInfo | null>(null);
  restoring = $state(false);
  /** What the last restore did, until the window reloads. */
  restored = $state<Restored | null>(null);
  error = $state<IpcError | null>(null);

  /** The newest backup that verified. */
  readonly latest = $derived(this.list.find((b) => b.verified) ?? null);

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly reload: () => void = () => window.location.reload(),
  ) {}

  /** Asks Rust for the backups (at start, after each backup). */
  async load(): Promise<void> {
    try {
      this.list = await this.call('list_backups', {});
    } catch (e) {
      this.error = asIpcError(e);
    }
  }

  /** Backs up now; its progress arrives through `progressed`. */
  async backUp(): Promise<BackupInfo | null> {
    if (this.backingUp) return null;
    this.backingUp = true;
    this.working = null;
    this.error = null;
    try {
      const made = await this.call('back_up_now', {});
      await this.load();
      return made;
    } catch (e) {
      this.error = asIpcError(e);
      return null;
    } finally {
      this.backingUp = false;
      this.working = null;
    }
  }

  /** A step of a backup, the person's or the app's own. */
  progressed(progress: BackupProgress): void {
    this.working = progress;
  }

  /** A backup the app made by itself (at start, after a large import) is done. */
  made(): void {
    this.working = null;
    void this.load();
  }

  async show(): Promise<void> {
    this.open = true;
    this.confirming = null;
    this.error = null;
    await this.load();
  }

  close(): void {
    if (this.restoring) return;
    this.open = false;
    this.confirming = null;
  }

  /** Restores the backup awaiting confirmation; the window then reads the library again. */
  async restore(): Promise<void> {
    const chosen = this.confirming;
    if (!chosen || this.restoring) return;
    this.restoring = true;
    this.error = null;
    try {
      this.restored = await this.call('restore_backup', { path: chosen.path });
      this.confirming = null;
      this.reload();
    } catch (e) {
      this.error = asIpcError(e);
    } finally {
      this.restoring = false;
    }
  }
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function ago(iso: string, now: Date = new Date()): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? 'an hour ago' : `${hours} hours ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

export const backups = new Backups();
