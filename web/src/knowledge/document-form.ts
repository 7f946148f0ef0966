/**
 * What the knowledge form works out before it sends: the format a local file's name implies, a title
 * from that name, and the body's size against the API's limit (the API stays the judge; this only
 * tells the person before they wait for a refusal).
 */

/** The API's largest body: 1 MiB of UTF-8. */
export const MAX_DOCUMENT_BYTES = 1_048_576;

export type DocumentFormat = "markdown" | "text";

/** The extensions the file picker offers. */
export const DOCUMENT_FILE_TYPES = ".md,.markdown,.txt,text/markdown,text/plain";

/** The format a file's name implies: Markdown for `.md`/`.markdown`, plain text for `.txt`. */
export function formatOfFile(name: string): DocumentFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(name.toLowerCase())?.[1];
  if (extension === "md" || extension === "markdown") return "markdown";
  if (extension === "txt") return "text";
  return undefined;
}

/** A title from a file's name: without its extension, separators as spaces. */
export function titleOfFile(name: string): string {
  return name
    .replace(/\.[^.]+$/, "")
    .replace(/[-_]+/g, " ")
    .trim();
}

const encoder = new TextEncoder();

/** The body's size in bytes of UTF-8, as the API counts it. */
export function bodyBytes(body: string): number {
  return encoder.encode(body).byteLength;
}

/** "512 B", "12.5 KiB", "1.0 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Who added a document, as its reader knows them: "you", else a teammate (members see no roster). */
export function addedBy(createdBy: string, selfId: string): string {
  return createdBy === selfId ? "you" : "a teammate";
}
