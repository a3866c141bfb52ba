// The error of the last thing the person asked for, shown in a banner until dismissed or
// until the next request succeeds where it failed. Every state module reports here.
import type { IpcError } from '../bindings';
import { asIpcError } from '../ipc';

export class Problems {
  /** What went wrong last, as the core said it; `null` when nothing did. */
  error = $state<IpcError | null>(null);

  /** Shows what a rejection says. */
  report(e: unknown): void {
    this.error = asIpcError(e);
  }

  dismiss(): void {
    this.error = null;
  }
}

export const problems = new Problems();
