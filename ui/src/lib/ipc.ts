// The one way the UI talks to Rust: a typed wrapper over Tauri's invoke. Command names,
// arguments and results come from the generated bindings, so a typo does not compile. Every
// command takes one argument, `request`, the struct of its arguments.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Commands, ErrorCode, IpcError } from './bindings';

/** Commands that answer before the library is open (they need no library). */
const WITHOUT_LIBRARY: readonly (keyof Commands)[] = ['library_opened', 'app_info', 'show_log_folder'];

let opened: Promise<void> | null = null;

/** Resolves once the library is open. Opening an older library brings it up to date
 *  first, which may take a minute; a command sent meanwhile would hold one of the few
 *  threads Rust runs commands on for all that time (and with them all held, the window
 *  would hear nothing, not even how far opening is), so commands wait here instead. */
function libraryOpened(): Promise<void> {
  opened ??= new Promise<void>((resolve) => {
    void listen('library-ready', () => resolve()).then(async (stop) => {
      // It may have opened before anyone listened.
      if (await invoke<boolean>('library_opened', { request: {} })) resolve();
      void opened?.then(stop);
    });
  });
  return opened;
}

export async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  if (!WITHOUT_LIBRARY.includes(command)) await libraryOpened();
  return invoke<Commands[K]['result']>(command, { request: args });
}

/** Whether a rejection is the `{code, message}` every command fails with. */
export function isIpcError(error: unknown): error is IpcError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as IpcError).code === 'string' &&
    typeof (error as IpcError).message === 'string'
  );
}

/** Any rejection as `{code, message}`, for showing to the person. */
export function asIpcError(error: unknown): IpcError {
  if (isIpcError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal' satisfies ErrorCode, message };
}
