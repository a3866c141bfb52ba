// The one way the UI talks to Rust: a typed wrapper over Tauri's invoke. Command names,
// arguments and results come from the generated bindings, so a typo does not compile. Every
// command takes one argument, `request`, the struct of its arguments.
import { invoke } from '@tauri-apps/api/core';
import type { Commands, ErrorCode, IpcError } from './bindings';

export function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
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
