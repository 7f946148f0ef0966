/**
 * Text shortened to fit a bound: on one line, or clipped with an ellipsis. Agents' definitions use it
 * (a run's subject, a revision's feedback) as their offline drafts do.
 */

/** Whitespace (newlines included) collapsed to single spaces, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Created on the first clip that needs it, not when a function loads this module. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The longest start of `text` that, with an ellipsis, measures at most `max` — cut between grapheme
 * clusters (never inside an emoji or a combining sequence; between code points only when a single
 * cluster is too long) and at a word boundary when one is near. `text` itself when it fits; `""`
 * when nothing does.
 */
export function clip(text: string, max: number, measure: (text: string) => number = (t) => t.length): string {
  if (measure(text) <= max) return text;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const parts of [Array.from(graphemes.segment(text), (s) => s.segment), Array.from(text)]) {
    const cut = (n: number) => {
      const start = parts.slice(0, n).join("").trimEnd();
      const space = start.lastIndexOf(" ");
      const word = space > start.length * 0.7 ? start.slice(0, space) : start;
      return word.replace(/[\s,;:.!?–—-]+$/u, "");
    };
    const fits = (n: number) => cut(n) !== "" && measure(`${cut(n)}…`) <= max;
    let low = 0;
    let high = parts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(middle)) low = middle;
      else high = middle - 1;
    }
    while (low > 0 && !fits(low)) low--;
    if (low > 0) return `${cut(low)}…`;
  }
  return "";
}
