/**
 * Citations in a version's text: the model cites the knowledge-base sources its prompt was given as
 * `[S1]`, `[S2]`… The page lists the sources with anchors `#source-S1`, and turns the markers in
 * Markdown into links to them (plain-text fields show the markers as they are).
 */

/** The anchor id of a source's entry in the list. */
export function sourceAnchor(label: string): string {
  return `source-${label}`;
}

/** `[S12]` not already a link's text (`[S1](…)`), a reference (`[S1][x]`, `[S1]:`) or inside a word. */
const MARKER = /\[(S\d+)\](?![([:])/g;

/**
 * Markdown with each marker of a known source made a link to its entry: `[S1]` → `[\[S1\]](#source-S1)`.
 * Unknown labels stay as typed (a model may invent one; it links nowhere). Code spans and fences are
 * left alone, so an example in code reads as written.
 */
export function linkCitations(markdown: string, labels: readonly string[]): string {
  if (labels.length === 0) return markdown;
  const known = new Set(labels);
  // Odd pieces are code (fenced blocks, then inline spans): never rewritten.
  return markdown
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((piece, i) =>
      i % 2 === 1
        ? piece
        : piece.replace(MARKER, (marker, label: string) =>
            known.has(label) ? `[\\[${label}\\]](#${sourceAnchor(label)})` : marker,
          ),
    )
    .join("");
}
