/**
 * A search highlight as pieces of plain text: the API answers a fragment's text and the `[start, end)`
 * offsets (UTF-16 code units) of its matched terms, never markup, so the page builds `<mark>` elements
 * from these pieces and React escapes every character of them.
 */

/** One piece of a fragment: text, marked when a query term matched it. */
export interface HighlightPiece {
  text: string;
  marked: boolean;
}

/**
 * Splits `text` at its marks. Marks are sorted and clamped to the text; overlapping or touching marks
 * merge; empty or inverted ones are ignored, so a malformed answer degrades to less marking, never to
 * lost or repeated text.
 */
export function highlightPieces(
  text: string,
  marks: readonly (readonly [number, number])[],
): HighlightPiece[] {
  const ranges = marks
    .map(([start, end]) => [
      Math.max(0, Math.min(start, text.length)),
      Math.max(0, Math.min(end, text.length)),
    ])
    .filter(([start, end]) => (start ?? 0) < (end ?? 0))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)) as [number, number][];
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const pieces: HighlightPiece[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) pieces.push({ text: text.slice(at, start), marked: false });
    pieces.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
