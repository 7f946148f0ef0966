/**
 * Splits a document into the passages that retrieval returns: Markdown-aware (sections under their
 * headings first, then paragraphs, then sentences), about `targetTokens` each with some overlap, each
 * chunk carrying its heading path and its character offsets in the body, so a citation can point at
 * the exact passage. Pure and deterministic: the same body always gives the same chunks, so chunk ids
 * derived from (document, index) are stable and re-indexing is idempotent.
 */

/** One passage of a document. */
export interface Chunk {
  /** 0, 1, 2… in document order. */
  index: number;
  /** The passage, as it stands in the body between `start` and `end`. */
  text: string;
  /** The headings above the passage, outermost first (`[]` before the first heading). */
  headingPath: string[];
  /** Offset of the first character in the body (UTF-16 code units, as `String.prototype.slice`). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface ChunkOptions {
  /**
   * Tokens a chunk aims at (estimated at four characters a token, the usual rule for English).
   * @default 800
   */
  targetTokens?: number;
  /**
   * Tokens of the previous chunk's tail repeated at the start of the next one within a section.
   * @default 100
   */
  overlapTokens?: number;
}

const CHARS_PER_TOKEN = 4;
const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^\s*(```|~~~)/;

/** A run of the body: `[start, end)`. */
interface Span {
  start: number;
  end: number;
}

interface Section extends Span {
  headingPath: string[];
}

/** Chunks of `body`; a `text` body has no headings, a `markdown` one is split at them first. */
export function chunkDocument(
  body: string,
  format: "markdown" | "text",
  options: ChunkOptions = {},
): Chunk[] {
  const target = (options.targetTokens ?? 800) * CHARS_PER_TOKEN;
  const overlap = Math.min((options.overlapTokens ?? 100) * CHARS_PER_TOKEN, Math.floor(target / 2));
  const sections =
    format === "markdown" ? markdownSections(body) : [{ start: 0, end: body.length, headingPath: [] }];
  const chunks: Chunk[] = [];
  for (const section of sections) {
    for (const span of packSection(body, section, target, overlap)) {
      const trimmed = trimSpan(body, span);
      if (trimmed.end <= trimmed.start) continue;
      chunks.push({
        index: chunks.length,
        text: body.slice(trimmed.start, trimmed.end),
        headingPath: section.headingPath,
        start: trimmed.start,
        end: trimmed.end,
      });
    }
  }
  return chunks;
}

/** Sections between headings (a heading line belongs to the section it opens); fenced code is not scanned. */
function markdownSections(body: string): Section[] {
  const sections: Section[] = [];
  const path: { level: number; title: string }[] = [];
  let sectionStart = 0;
  let sectionPath: string[] = [];
  let inFence = false;
  let offset = 0;
  for (const line of body.split("\n")) {
    const lineStart = offset;
    offset += line.length + 1;
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (!heading?.[1] || !heading[2]) continue;
    if (lineStart > sectionStart)
      sections.push({ start: sectionStart, end: lineStart, headingPath: sectionPath });
    const level = heading[1].length;
    while (path.length > 0 && (path.at(-1)?.level ?? 0) >= level) path.pop();
    path.push({ level, title: heading[2].trim() });
    sectionPath = path.map((entry) => entry.title);
    sectionStart = lineStart;
  }
  if (body.length > sectionStart)
    sections.push({ start: sectionStart, end: body.length, headingPath: sectionPath });
  return sections;
}

/**
 * Packs a section's paragraphs (and, for a paragraph too long alone, its sentences; for a sentence
 * too long alone, hard slices) into spans of at most `target` characters; a span after the first
 * starts `overlap` characters back into the previous one, at a word boundary.
 */
function packSection(body: string, section: Span, target: number, overlap: number): Span[] {
  const pieces = splitPieces(body, section, target);
  const spans: Span[] = [];
  let current: Span | undefined;
  for (const piece of pieces) {
    if (current && piece.end - current.start <= target) {
      current.end = piece.end;
      continue;
    }
    if (current) spans.push(current);
    const back = current ? overlapStart(body, current, piece.start, overlap) : piece.start;
    current = { start: piece.end - back > target ? piece.start : back, end: piece.end };
  }
  if (current) spans.push(current);
  return spans;
}

/** Where the overlap of a new span begins: `overlap` characters back, moved forward to a word start. */
function overlapStart(body: string, previous: Span, pieceStart: number, overlap: number): number {
  if (overlap <= 0) return pieceStart;
  let at = Math.max(previous.start, pieceStart - overlap);
  while (at < pieceStart && !/\s/.test(body[at - 1] ?? " ")) at++;
  return at;
}

/** Paragraphs of a section; a paragraph above `target` is cut into sentences, a sentence into slices. */
function splitPieces(body: string, section: Span, target: number): Span[] {
  const pieces: Span[] = [];
  for (const paragraph of splitAt(body, section, /\n[ \t]*\n/g)) {
    if (paragraph.end - paragraph.start <= target) {
      pieces.push(paragraph);
      continue;
    }
    for (const sentence of splitAt(body, paragraph, /(?<=[.!?])\s+/g)) {
      for (let start = sentence.start; start < sentence.end; start += target) {
        pieces.push({ start, end: Math.min(sentence.end, start + target) });
      }
    }
  }
  return pieces;
}

/** The span cut after each match of `separator` (the separator stays with the piece before it). */
function splitAt(body: string, span: Span, separator: RegExp): Span[] {
  const text = body.slice(span.start, span.end);
  const spans: Span[] = [];
  let from = 0;
  for (const match of text.matchAll(separator)) {
    const to = match.index + match[0].length;
    if (to > from) spans.push({ start: span.start + from, end: span.start + to });
    from = to;
  }
  if (from < text.length) spans.push({ start: span.start + from, end: span.end });
  return spans;
}

/** The span without leading and trailing white space. */
function trimSpan(body: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(body[start] ?? "")) start++;
  while (end > start && /\s/.test(body[end - 1] ?? "")) end--;
  return { start, end };
}
