// The timing probes: how long the reader and the window took for what a person waits on,
// written as data attributes where the end-to-end tests and the benchmarks read them
// (`data-open-paint-ms` on the reader's frame, `data-reader-warm-up-ms` on the page).
// Every probe is named here, and nothing else writes them.

/** The probes on the reader's frame, in milliseconds (`marks` is a count). */
export type FrameProbe =
  /** From the clipping's arrival to its frame's load. */
  | 'loadMs'
  /** One paint of the marks. */
  | 'paintMs'
  /** From the clipping's arrival to its article on screen with the marks in view. */
  | 'openPaintMs'
  /** The longest frame of showing the rest of an opening article and its marks. */
  | 'restBatchMs'
  /** From the clipping's arrival to all of it shown with every mark. */
  | 'wholeMs'
  /** From a highlight made to its mark on screen. */
  | 'markMs'
  /** How many marks the last paint placed. */
  | 'marks';

/** The probes on the page itself. */
export type PageProbe =
  /** How long the reader's warm-up took, once the library was shown. */
  'readerWarmUpMs';

/** The time since `since` (from `performance.now()`), in milliseconds. */
export function since(start: number): number {
  return performance.now() - start;
}

/** Records a probe on the reader's frame. */
export function recordFrame(frame: HTMLElement, probe: FrameProbe, value: number, digits = 1): void {
  frame.dataset[probe] = probe === 'marks' ? String(value) : value.toFixed(digits);
}

/** Records a probe on the page, and that the warm-up is done. */
export function recordPage(probe: PageProbe, value: number): void {
  const root = document.documentElement.dataset;
  root[probe] = value.toFixed(1);
  if (probe === 'readerWarmUpMs') root.readerWarm = 'done';
}
