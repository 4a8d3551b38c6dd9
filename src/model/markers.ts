// Helpers for finding tags such as `<think>` or `<tool_call>` in streamed text, where a tag can be
// split across chunks. Both only look at the new chunk (plus a few held characters), so the
// per-chunk cost does not grow with the length of the reply.

/** Length of the longest suffix of `text` that is a proper prefix of one of `markers`: text to
 * hold back because the next chunk may complete the marker. */
export function heldSuffixLength(text: string, markers: readonly string[]): number {
  let longest = 0;
  for (const marker of markers) if (marker.length > longest) longest = marker.length;
  const limit = Math.min(text.length, longest - 1);
  // Most chunks have no marker's first character near their end: one native search says so.
  const tailStart = text.length - limit;
  let candidate = false;
  for (const marker of markers) {
    if (text.indexOf(marker.charAt(0), tailStart) !== -1) {
      candidate = true;
      break;
    }
  }
  if (!candidate) return 0;
  for (let length = limit; length > 0; length--) {
    const start = text.length - length;
    const first = text.charCodeAt(start);
    for (const marker of markers) {
      if (marker.length > length && marker.charCodeAt(0) === first && marker.startsWith(text.slice(start))) {
        return length;
      }
    }
  }
  return 0;
}

export interface MarkerHit<T> {
  index: number;
  item: T;
}

/** The earliest occurrence of any item's marker in `text`, or undefined. */
export function earliestMarker<T>(text: string, items: readonly T[], markerOf: (item: T) => string): MarkerHit<T> | undefined {
  let best: MarkerHit<T> | undefined;
  for (const item of items) {
    const index = text.indexOf(markerOf(item));
    if (index !== -1 && (best === undefined || index < best.index)) best = { index, item };
  }
  return best;
}
