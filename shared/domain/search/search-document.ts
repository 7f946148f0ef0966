/**
 * The documents of the `content` index as the domain writes them, and the change an event asks for.
 * One index holds everything a tenant owns that a person searches for, told apart by `type`.
 */
import type { SearchDocument } from "./ports.ts";

/** The kinds of document in the `content` index (the search API's `type` filter). */
export const SEARCH_TYPES = ["content", "run", "brand", "knowledge"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** The name of the index every source here writes to. */
export const CONTENT_INDEX = "content";

/** The longest body indexed (characters): enough for a long article, bounded for the node's memory. */
export const MAX_INDEXED_BODY = 100_000;

/** The fields of one document of the `content` index. */
export interface SearchFields {
  type: SearchType;
  /** The id of the item in its own context (a content id, a run id). */
  itemId: string;
  /** What kind of item within its type (a content type, an agent role). */
  kind: string;
  status: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * What one event asks of the index: write a document, or remove one — only if the stored one is not
 * newer than `version`, or whatever is stored without a `version` (an item gone for good, whose id
 * is never used again).
 */
export type IndexChange =
  | { kind: "put"; document: SearchDocument & { fields: SearchFields } }
  | { kind: "remove"; id: string; version?: number };

/** A document's id within the tenant: its type and its item's id, so types never collide. */
export function searchDocumentId(type: SearchType, itemId: string): string {
  return `${type}:${itemId}`;
}

/** The text of some strings as one indexed body, bounded. */
export function bodyOf(parts: readonly string[]): string {
  const joined = parts.filter((p) => p.trim() !== "").join("\n\n");
  return joined.length > MAX_INDEXED_BODY ? joined.slice(0, MAX_INDEXED_BODY) : joined;
}
