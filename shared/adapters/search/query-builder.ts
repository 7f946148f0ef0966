/**
 * Builds the OpenSearch request body of a `SearchRequest`, for a list of tenants that is never empty.
 * Every body it builds has the tenant filter in the `bool` filter of its query and inside a k-NN
 * clause (so nearest neighbours are found among the tenant's documents, not filtered afterwards). The
 * request names fields only, never query DSL, and only fields the index maps, so a caller cannot add
 * a clause that escapes the filter (a `global` aggregation, a suggester, a script).
 */
import type { FieldFilter, SearchRequest } from "#shared/domain/search/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { MARK_CLOSE, MARK_OPEN } from "./highlight.ts";
import type { IndexDefinition } from "./mappings/index-definition.ts";

/** Fields the store owns; a request may not filter, sort or count by them. */
const RESERVED = new Set(["tenantId", "docKey"]);
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** How many values a count (terms aggregation) reports per field. */
const COUNT_BUCKETS = 50;

/** A sort position: the sort values of the last hit of a page (`search_after`). */
export type SortPosition = readonly (string | number)[];

/** The filter that keeps a query inside the listed tenants. */
export function tenantFilter(tenantIds: readonly TenantId[]): Record<string, unknown> {
  if (tenantIds.length === 0) throw new Error("A search needs at least one tenant");
  return tenantIds.length === 1
    ? { term: { tenantId: tenantIds[0] } }
    : { terms: { tenantId: [...new Set(tenantIds)].sort() } };
}

/** The document id the store writes: the tenant and the caller's id, so tenants never share an `_id`. */
export function documentKey(tenantId: TenantId, id: string): string {
  return `${tenantId}:${id}`;
}

/** The request body (and routing) of `request` over `tenantIds`' documents of `definition`'s index. */
export function buildSearch(
  definition: IndexDefinition,
  tenantIds: readonly TenantId[],
  request: SearchRequest,
  after?: SortPosition,
): { body: Record<string, unknown>; routing: string; size: number } {
  const fields = mappedFields(definition);
  const tenant = tenantFilter(tenantIds);
  const filters = [tenant, ...(request.filters ?? []).map((f) => fieldFilter(f, fields))];
  const size = pageSize(request.size);
  const should: Record<string, unknown>[] = [];
  if (request.text) {
    const matchFields = request.text.fields.map((f) => checkedField(f, fields, "text", true));
    should.push({
      multi_match: {
        query: request.text.query,
        fields: matchFields,
        type: "best_fields",
        ...(request.text.exact ? {} : { fuzziness: "AUTO", prefix_length: 1 }),
      },
    });
  }
  if (request.vector) {
    const { field, vector, k } = request.vector;
    should.push({
      knn: {
        [checkedField(field, fields, "vector")]: {
          vector: [...vector],
          k,
          filter: { bool: { filter: filters } },
        },
      },
    });
  }
  const query =
    should.length === 0
      ? { bool: { filter: filters } }
      : { bool: { filter: filters, should, minimum_should_match: 1 } };
  const body: Record<string, unknown> = {
    query,
    size: size + 1,
    version: true,
    track_total_hits: true,
    sort: sortOf(request, fields),
  };
  if (after) body.search_after = [...after];
  // The tenant is always returned: a hit names whose it is.
  if (request.fields)
    body._source = [...request.fields.map((f) => checkedField(f, fields, "return")), "tenantId"];
  if (request.highlight?.length) {
    body.highlight = {
      pre_tags: [MARK_OPEN],
      post_tags: [MARK_CLOSE],
      fragment_size: 160,
      number_of_fragments: 3,
      no_match_size: 0,
      fields: Object.fromEntries(request.highlight.map((f) => [checkedField(f, fields, "highlight"), {}])),
    };
  }
  if (request.countBy?.length) {
    body.aggs = Object.fromEntries(
      request.countBy.map((f) => [
        f,
        { terms: { field: checkedField(f, fields, "count"), size: COUNT_BUCKETS } },
      ]),
    );
  }
  return { body, routing: [...new Set(tenantIds)].sort().join(","), size };
}

/** Every sort has two keys: the order asked for, then the document key (the tiebreak). */
export const SORT_KEYS = 2;

function sortOf(request: SearchRequest, fields: ReadonlyMap<string, string>): Record<string, unknown>[] {
  const sort = request.sort ?? "relevance";
  const first =
    sort === "relevance"
      ? { _score: { order: "desc" } }
      : { [checkedField(sort.field, fields, "sort")]: { order: sort.order, missing: "_last" } };
  return [first, { docKey: { order: "asc" } }];
}

function pageSize(size: number | undefined): number {
  const value = size ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new Error(`A page holds 1 to ${MAX_PAGE_SIZE} results`);
  }
  return value;
}

function fieldFilter(filter: FieldFilter, fields: ReadonlyMap<string, string>): Record<string, unknown> {
  const field = checkedField(filter.field, fields, "filter");
  if ("equals" in filter) return { term: { [field]: filter.equals } };
  if ("anyOf" in filter) return { terms: { [field]: [...filter.anyOf] } };
  return { range: { [field]: { ...filter.range } } };
}

/** Every field the index maps, with its type, sub-fields as `parent.sub`. */
export function mappedFields(definition: IndexDefinition): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [name, spec] of Object.entries(definition.mappings.properties)) {
    const typed = spec as { type?: string; fields?: Record<string, { type?: string }> };
    out.set(name, typed.type ?? "object");
    for (const [sub, subSpec] of Object.entries(typed.fields ?? {}))
      out.set(`${name}.${sub}`, subSpec.type ?? "");
  }
  return out;
}

type Use = "text" | "vector" | "filter" | "sort" | "count" | "highlight" | "return";

/** `field` when the index maps it and it suits `use` (a boost `^n` allowed on text fields); else throws. */
function checkedField(field: string, fields: ReadonlyMap<string, string>, use: Use, boost = false): string {
  const [name = "", weight] = field.split("^");
  const type = fields.get(name);
  const fits =
    type !== undefined &&
    (boost ? weight === undefined || /^\d+(\.\d+)?$/.test(weight) : weight === undefined) &&
    (use === "return" || !RESERVED.has(name)) &&
    (use === "text" || use === "highlight"
      ? type === "text"
      : use === "vector"
        ? type === "knn_vector"
        : use === "return"
          ? true
          : type !== "text" && type !== "knn_vector");
  if (!fits) {
    // A request's fields are chosen by code, not by the caller of an API: a wrong one is a defect.
    throw new Error(`This index cannot ${use} by the field ${name}`);
  }
  return field;
}
