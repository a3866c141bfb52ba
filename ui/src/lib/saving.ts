// Notes are saved as they are typed: each change waits a moment for the next keystroke,
// then goes to Rust. `flushAll` sends whatever is waiting at once (on blur, when the
// clipping changes, before the window closes), so closing never loses a note.

type Pending = { timer: ReturnType<typeof setTimeout>; save: () => Promise<unknown> };

const pending = new Map<string, Pending>();

/** How long a note waits for the next keystroke before it is saved. */
export const SAVE_DELAY_MS = 400;

/** Saves with `save` after `delay` ms, unless another save under `key` comes first. */
export function saveSoon(key: string, save: () => Promise<unknown>, delay = SAVE_DELAY_MS): void {
  const waiting = pending.get(key);
  if (waiting) clearTimeout(waiting.timer);
  const timer = setTimeout(() => {
    pending.delete(key);
    void save();
  }, delay);
  pending.set(key, { timer, save });
}

/** Saves what is waiting under `key` now. */
export async function flush(key: string): Promise<void> {
  const waiting = pending.get(key);
  if (!waiting) return;
  clearTimeout(waiting.timer);
  pending.delete(key);
  await waiting.save();
}

/** Saves everything that is waiting, now. */
export async function flushAll(): Promise<void> {
  await Promise.all([...pending.keys()].map((key) => flush(key)));
}

/** Whether anything is waiting to be saved. */
export function hasPending(): boolean {
  return pending.size > 0;
}
