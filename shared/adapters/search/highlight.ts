/**
 * Highlights as plain text with offsets, never markup: OpenSearch wraps each matched term in two
 * private-use characters that the store strips from every document it writes, and `parseFragment`
 * turns the markers into offsets. A client renders the text as text and marks the ranges, so nothing
 * a document holds (`<script>`, `&lt;`) can become markup on the way.
 */
import type { HighlightFragment } from "#shared/domain/search/ports";

export const MARK_OPEN = "\uE000";
export const MARK_CLOSE = "\uE001";
const MARKERS = /[\uE000\uE001]/g;

/** Removes the marker characters, so a document's own text can never forge a highlight. */
export function withoutMarkers(text: string): string {
  return text.replace(MARKERS, "");
}

/** A highlighted fragment as plain text and the `[start, end)` ranges of its matched terms. */
export function parseFragment(fragment: string): HighlightFragment {
  let text = "";
  const marks: [number, number][] = [];
  let open: number | undefined;
  for (const char of fragment) {
    if (char === MARK_OPEN) {
      open = text.length;
    } else if (char === MARK_CLOSE) {
      if (open !== undefined && text.length > open) marks.push([open, text.length]);
      open = undefined;
    } else {
      text += char;
    }
  }
  return { text, marks };
}
