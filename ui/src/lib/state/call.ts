// What the state modules call Rust through: the app's typed `call`, or in tests a fake
// that answers each command as the test says.
import type { Commands } from '../bindings';
import { call as invokeCommand } from '../ipc';

export type Call = <K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
) => Promise<Commands[K]['result']>;

export const call: Call = invokeCommand;
