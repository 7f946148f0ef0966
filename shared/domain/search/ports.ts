/**
 * What search needs of the world, in its own terms. The OpenSearch adapter (`shared/adapters/search/`)
 * implements it; use-case tests pass an in-memory one.
 *
 * Tenancy is in the shape of the port: documents are written and queries are built only through a
 * handle opened for one tenant (`forTenant`) or for a list of tenants a caller was authorised for
 * (`forTenants`). No method takes a raw query, so no caller can write one without the tenant filter.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** A field value a document may hold (arrays of these too; vectors are `number[]`). */
export type FieldValue = string | number | boolean | null | readonly (string | number)[];

/** One document to index: its id within the tenant, the version it reflects, and its fields. */
export interface SearchDocument {
  /** Unique within the tenant and the index (the adapter scopes it by tenant). */
  id: string;
  /**
   * The version of the source item this document reflects (a positive integer). A write with a
   * version not above the stored one is refused by the index and reported as `stale`, so an old or
   * repeated event never overwrites a newer document.
   */
  version: number;
  /** The document's fields; `tenantId` is set by the adapter and may not be given. */
  fields: Readonly<Record<string, FieldValue | undefined>>;
}

/** What became of a write: `written`, or `stale` when the index already holds this version or newer. */
export type WriteOutcome = "written" | "stale";

/** What became of a removal: `stale` when the stored document is newer than the version given. */
export type RemoveOutcome = "removed" | "absent" | "stale";

/** A condition on one field. Every condition of a request must hold. */
export type FieldFilter =
  | { field: string; equals: string | number | boolean }
  | { field: string; anyOf: readonly (string | number)[] }
  | { field: string; range: { gte?: string | number; lte?: string | number } };

/** Full-text matching over some fields, with typo tolerance unless `exact`. */
export interface TextQuery {
  query: string;
  /** Fields to match, with optional boosts (`title^3`). */
  fields: readonly string[];
  /** No typo tolerance (fuzziness). @default false */
  exact?: boolean;
}

/** Nearest neighbours of a vector in a `knn_vector` field; the tenant filter applies inside the search. */
export interface VectorQuery {
  field: string;
  vector: readonly number[];
  k: number;
}

/** One search over a tenant's (or several authorised tenants') documents of one index. */
export interface SearchRequest {
  /** Text to match; with `vector` too, a document scores by both (bool `should`). */
  text?: TextQuery;
  vector?: VectorQuery;
  filters?: readonly FieldFilter[];
  /** Fields whose matching fragments to return (plain text with marker offsets, never markup). */
  highlight?: readonly string[];
  /** Fields to count the matching documents by (a terms aggregation each). */
  countBy?: readonly string[];
  /**
   * The order: by relevance (then `tiebreak`), or by a field. Pagination always ends on the
   * document's key, so equal scores still page deterministically.
   * @default "relevance"
   */
  sort?: "relevance" | { field: string; order: "asc" | "desc" };
  /** @default 20 */
  size?: number;
  /** A cursor from a previous page of the same request. */
  cursor?: string;
  /** Fields to return. @default all stored fields */
  fields?: readonly string[];
}

/** A fragment of a field that matched: plain text, and where the matched terms sit in it. */
export interface HighlightFragment {
  text: string;
  /** `[start, end)` offsets into `text` (UTF-16 code units) of each matched term. */
  marks: [number, number][];
}

export interface SearchHit {
  tenantId: TenantId;
  id: string;
  version: number;
  score: number | null;
  fields: Record<string, unknown>;
  highlights: Record<string, HighlightFragment[]>;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matching documents in all (exact up to 10,000, then a lower bound). */
  total: number;
  /** Per `countBy` field, the number of matching documents per value. */
  counts: Record<string, Record<string, number>>;
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

/** Reads of one or more tenants' documents of one index. */
export interface SearchReader {
  search(request: SearchRequest): Promise<SearchResult>;
}

/** One tenant's documents of one index: the only way to write them. */
export interface TenantSearchIndex extends SearchReader {
  put(document: SearchDocument): Promise<WriteOutcome>;
  /** Several documents in one request; outcomes in the order given. */
  putMany(documents: readonly SearchDocument[]): Promise<WriteOutcome[]>;
  /**
   * Removes a document. With `version`, only if the stored one is not newer (a delete event that
   * arrives after a newer write leaves the newer document).
   */
  remove(id: string, version?: number): Promise<RemoveOutcome>;
  /** Removes every document of this tenant that matches all `filters` (a document's chunks); answers how many. */
  removeWhere(filters: readonly FieldFilter[]): Promise<number>;
  /** Removes every document of this tenant in this index (before a rebuild). */
  clear(): Promise<number>;
}

/** The search store, by index name (`content`, or one an index definition adds). */
export interface SearchStore {
  forTenant(tenantId: TenantId, index: string): TenantSearchIndex;
  /** A search over the documents of the listed tenants only (a reviewer's assigned tenants). */
  forTenants(tenantIds: readonly TenantId[], index: string): SearchReader;
}
