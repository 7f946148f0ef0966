/**
 * Searching what tenants own: a tenant's own items, or a reviewer's across the tenants assigned to
 * them. Primary course: check the dates, build one request (typo-tolerant text over titles and
 * bodies, the filters, highlights, counts by type and status), run it through a handle that is
 * scoped to the caller's tenants, and shape the hits for the API.
 */
import { ValidationError } from "#shared/domain/errors";
import type { AssignedTenants } from "#shared/domain/identity/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { FieldFilter, HighlightFragment, SearchReader, SearchRequest, SearchStore } from "./ports.ts";
import { CONTENT_INDEX, type SearchType } from "./search-document.ts";

/** What a caller searches for. */
export interface SearchInput {
  q: string;
  type?: SearchType;
  status?: string;
  /** Created at or after (ISO 8601 date or date-time). */
  from?: string;
  /** Created at or before (a date includes the whole day). */
  to?: string;
  limit?: number;
  cursor?: string;
}

/** One item found. */
export interface FoundItem {
  tenantId: TenantId;
  type: SearchType;
  id: string;
  kind: string;
  status: string;
  title: string;
  score: number;
  createdAt: string;
  updatedAt: string;
  /** Matching fragments of the title and body: plain text with the offsets of the matched terms. */
  highlights: { title?: HighlightFragment[]; body?: HighlightFragment[] };
}

export interface FoundPage {
  items: FoundItem[];
  /** Matching items in all. */
  total: number;
  /** Matching items per type and per status. */
  counts: { type: Record<string, number>; status: Record<string, number> };
  nextCursor?: string;
}

export interface SearchDeps {
  search: SearchStore;
}

/** The caller's tenant's items that match. */
export function searchTenant(deps: SearchDeps, tenantId: TenantId, input: SearchInput): Promise<FoundPage> {
  return run(deps.search.forTenant(tenantId, CONTENT_INDEX), input);
}

/** The items that match across the tenants assigned to the reviewer (none: an empty page). */
export async function searchAssigned(
  deps: SearchDeps & { assignedTenants: AssignedTenants },
  reviewerId: string,
  input: SearchInput,
): Promise<FoundPage> {
  const tenants = await deps.assignedTenants(reviewerId);
  return run(deps.search.forTenants(tenants, CONTENT_INDEX), input);
}

/** The page size when the caller names none. */
export const DEFAULT_SEARCH_LIMIT = 20;

async function run(reader: SearchReader, input: SearchInput): Promise<FoundPage> {
  const result = await reader.search(requestOf(input));
  return {
    items: result.hits.map((hit) => {
      const f = hit.fields as Record<string, string>;
      return {
        tenantId: hit.tenantId,
        type: f.type as SearchType,
        id: f.itemId ?? hit.id,
        kind: f.kind ?? "",
        status: f.status ?? "",
        title: f.title ?? "",
        score: hit.score ?? 0,
        createdAt: f.createdAt ?? "",
        updatedAt: f.updatedAt ?? "",
        highlights: {
          ...(hit.highlights.title ? { title: hit.highlights.title } : {}),
          ...(hit.highlights.body ? { body: hit.highlights.body } : {}),
        },
      };
    }),
    total: result.total,
    counts: { type: result.counts.type ?? {}, status: result.counts.status ?? {} },
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/** The store's request for a caller's input; bad dates or `from` after `to` → `ValidationError`. */
export function requestOf(input: SearchInput): SearchRequest {
  const from = input.from === undefined ? undefined : instant(input.from, "from", "start");
  const to = input.to === undefined ? undefined : instant(input.to, "to", "end");
  if (from !== undefined && to !== undefined && from > to) {
    throw new ValidationError("`from` is after `to`", [
      { in: "query", path: "from", message: 'Must not be after "to"' },
    ]);
  }
  const filters: FieldFilter[] = [];
  if (input.type) filters.push({ field: "type", equals: input.type });
  if (input.status) filters.push({ field: "status", equals: input.status });
  if (from || to) {
    filters.push({
      field: "createdAt",
      range: { ...(from ? { gte: from.toISOString() } : {}), ...(to ? { lte: to.toISOString() } : {}) },
    });
  }
  return {
    text: { query: input.q, fields: ["title^3", "body"] },
    filters,
    highlight: ["title", "body"],
    countBy: ["type", "status"],
    size: input.limit ?? DEFAULT_SEARCH_LIMIT,
    fields: ["type", "itemId", "kind", "status", "title", "createdAt", "updatedAt"],
    ...(input.cursor ? { cursor: input.cursor } : {}),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date or date-time as an instant; a whole date is its first (`start`) or last (`end`) millisecond. */
function instant(value: string, name: "from" | "to", edge: "start" | "end"): Date {
  const text = DATE_ONLY.test(value)
    ? `${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`
    : value;
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) {
    throw new ValidationError(`\`${name}\` is not a date`, [
      { in: "query", path: name, message: "Must be an ISO 8601 date" },
    ]);
  }
  return parsed;
}
