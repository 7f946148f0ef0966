/**
 * A knowledge document: what a tenant tells its agents about itself (a price list, a product sheet,
 * a style guide), in Markdown or plain text up to 1 MB, with an optional source URL. Documents are
 * written once and deleted whole; their chunks are what retrieval returns.
 */
import * as z from "zod/mini";
import { displayLine } from "#shared/domain/text/display-text";

export const KNOWLEDGE_FORMATS = ["markdown", "text"] as const;
export type KnowledgeFormat = (typeof KNOWLEDGE_FORMATS)[number];

/** Longest title, in characters. */
export const MAX_TITLE_LENGTH = 200;
/** Longest body: 1 MiB of UTF-8. */
export const MAX_BODY_BYTES = 1_048_576;
/** Longest source URL. */
export const MAX_SOURCE_URL_LENGTH = 2048;
/**
 * Most documents one tenant's knowledge base holds: 500 bodies of up to 1 MiB each bound what one
 * tenant can put into the table and the search index (and pay to embed) until plans set it per tenant.
 */
export const MAX_KNOWLEDGE_DOCUMENTS = 500;

const encoder = new TextEncoder();

/** The UTF-8 size of `text`, in bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

/** A UTF-16 surrogate half without its partner: not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** NUL and the C0 controls a text file never holds (tab, line feed and carriage return are kept). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * A document body: well-formed Unicode text without binary control characters, at most
 * {@link MAX_BODY_BYTES} bytes of UTF-8, stored with `\n` line ends. Tabs stay (Markdown code needs them).
 */
export const knowledgeBodySchema = z.pipe(
  z.string().check(
    z.refine((value) => !LONE_SURROGATE.test(value), { error: "Must be valid Unicode text", abort: true }),
    z.refine((value) => !BINARY.test(value), {
      error: "Must be text, without control characters",
      abort: true,
    }),
  ),
  z.pipe(
    z.transform((value: string) => value.replace(/\r\n?/g, "\n")),
    z.string().check(
      z.refine((value) => value.trim().length > 0, { error: "Must not be empty" }),
      z.refine((value) => utf8Bytes(value) <= MAX_BODY_BYTES, {
        error: `Must be at most ${MAX_BODY_BYTES} bytes of UTF-8`,
      }),
    ),
  ),
);

/** An http(s) URL: where the document came from, shown beside the citations. */
export const sourceUrlSchema = z.string().check(
  z.maxLength(MAX_SOURCE_URL_LENGTH),
  z.refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (
        (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === ""
      );
    },
    { error: "Must be an http or https URL without credentials" },
  ),
);

/** What a tenant sends to add a document. */
export const knowledgeDocumentInputSchema = z.strictObject({
  title: displayLine(MAX_TITLE_LENGTH),
  body: knowledgeBodySchema,
  format: z.enum(KNOWLEDGE_FORMATS),
  sourceUrl: z.optional(sourceUrlSchema),
});
export type KnowledgeDocumentInput = z.output<typeof knowledgeDocumentInputSchema>;

/** A stored document without its body: what listings show. */
export interface KnowledgeDocument {
  documentId: string;
  title: string;
  format: KnowledgeFormat;
  sourceUrl?: string;
  /** The body's UTF-8 size. */
  bytes: number;
  /** The user who added it. */
  createdBy: string;
  createdAt: string;
}

/** A stored document with its body. */
export interface KnowledgeDocumentWithBody extends KnowledgeDocument {
  body: string;
}
