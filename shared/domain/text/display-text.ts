/**
 * Text that people see — names, titles, reasons, notes, briefs — is stored only in one clean form, so
 * no screen, log line, e-mail or export downstream has to defend itself against what a client sent:
 *
 * - well-formed Unicode (no lone surrogate, which cannot be encoded as UTF-8 and breaks JSON elsewhere);
 * - NFC, so the same word is stored with the same code points however it was typed;
 * - no control characters (C0, DEL, C1 — NUL, ANSI escapes, carriage returns, tabs), no line or
 *   paragraph separators, and no bidirectional embedding, override or isolate characters (the
 *   "Trojan Source" spoofs); a multi-line field keeps `\n` line breaks, and a `\r\n` typed on
 *   Windows is stored as `\n`;
 * - trimmed, then measured.
 *
 * Zero-width joiners and variation selectors stay: emoji sequences and many scripts need them.
 */
import * as z from "zod/mini";

export interface DisplayTextOptions {
  /** Longest allowed, in UTF-16 code units (as JavaScript counts), after normalizing and trimming. */
  max: number;
  /** @default 1 */
  min?: number;
  /** Allow `\n` line breaks. @default false */
  multiline?: boolean;
}

/** A UTF-16 surrogate half without its partner. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls but `\n`, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides, isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const FORBIDDEN_MULTILINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
/** The same, and `\n` too. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const FORBIDDEN_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** The schema of one display-text field. */
export function displayText(options: DisplayTextOptions) {
  const { max, min = 1, multiline = false } = options;
  const forbidden = multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_ONE_LINE;
  return z.string().check(
    z.refine((value) => !LONE_SURROGATE.test(value), { error: "Must be valid Unicode text", abort: true }),
    z.overwrite((value) => (multiline ? value.replace(/\r\n/g, "\n") : value).normalize("NFC")),
    z.refine((value) => !forbidden.test(value), {
      error: multiline
        ? "Must not contain control or text-direction characters (only line breaks are allowed)"
        : "Must be one line without control or text-direction characters",
      abort: true,
    }),
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
  );
}

/** One line of display text: a name, a title, a heading. */
export function displayLine(max: number, min = 1) {
  return displayText({ max, min });
}

/** Display text that may hold line breaks: a description, a reason, feedback, a note. */
export function displayParagraphs(max: number, min = 1) {
  return displayText({ max, min, multiline: true });
}
