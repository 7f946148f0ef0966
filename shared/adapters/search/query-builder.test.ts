import { describe, expect, it } from "vitest";
import type { SearchRequest } from "#shared/domain/search/ports";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { contentIndexV1 } from "./mappings/content.v1.ts";
import type { IndexDefinition } from "./mappings/index-definition.ts";
import { buildSearch, tenantFilter } from "./query-builder.ts";

const acme = parseTenantId("acme");
const globex = parseTenantId("globex");

const chunks: IndexDefinition = {
  name: "chunks",
  version: 1,
  settings: {},
  mappings: {
    properties: {
      tenantId: { type: "keyword" },
      docKey: { type: "keyword" },
      documentId: { type: "keyword" },
      text: { type: "text" },
      embedding: { type: "knn_vector", dimension: 3 },
    },
  },
};

/** Every clause of a query, depth first, to find where the tenant filter sits. */
function filtersOf(body: Record<string, unknown>): unknown[] {
  const query = body.query as { bool: { filter: unknown[] } };
  return query.bool.filter;
}

const requests: SearchRequest[] = [
  {},
  { text: { query: "spring campaign", fields: ["title^3", "body"] } },
  { text: { query: "x", fields: ["body"] }, filters: [{ field: "type", equals: "content" }] },
  { filters: [{ field: "status", anyOf: ["approved", "scheduled"] }], countBy: ["type", "status"] },
  {
    filters: [{ field: "updatedAt", range: { gte: "2026-01-01", lte: "2026-02-01" } }],
    sort: { field: "updatedAt", order: "desc" },
  },
];

describe("buildSearch", () => {
  it.each(requests)("puts the tenant filter first in the query's filter of every request (%#)", (request) => {
    const { body, routing } = buildSearch(contentIndexV1, [acme], request);
    expect(filtersOf(body)[0]).toEqual({ term: { tenantId: "acme" } });
    expect(routing).toBe("acme");
  });

  it("filters and routes a reviewer's search to exactly the tenants listed", () => {
    const { body, routing } = buildSearch(contentIndexV1, [globex, acme, acme], {
      text: { query: "launch", fields: ["title"] },
    });
    expect(filtersOf(body)[0]).toEqual({ terms: { tenantId: ["acme", "globex"] } });
    expect(routing).toBe("acme,globex");
  });

  it("refuses to build a search over no tenant at all", () => {
    expect(() => buildSearch(contentIndexV1, [], {})).toThrow(/at least one tenant/);
    expect(() => tenantFilter([])).toThrow(/at least one tenant/);
  });

  it("puts the tenant filter inside a k-NN clause, so neighbours are found among the tenant's documents", () => {
    const { body } = buildSearch(chunks, [acme], {
      vector: { field: "embedding", vector: [0.1, 0.2, 0.3], k: 5 },
      filters: [{ field: "documentId", equals: "d1" }],
    });
    const should = (body.query as { bool: { should: { knn: Record<string, { filter: unknown }> }[] } }).bool
      .should;
    expect(should[0]?.knn.embedding?.filter).toEqual({
      bool: { filter: [{ term: { tenantId: "acme" } }, { term: { documentId: "d1" } }] },
    });
  });

  it("matches text with typo tolerance unless asked for exact matching", () => {
    const fuzzy = buildSearch(contentIndexV1, [acme], { text: { query: "campain", fields: ["title"] } });
    const exact = buildSearch(contentIndexV1, [acme], {
      text: { query: "campain", fields: ["title"], exact: true },
    });
    const match = (b: Record<string, unknown>) =>
      (b.query as { bool: { should: { multi_match: Record<string, unknown> }[] } }).bool.should[0]
        ?.multi_match;
    expect(match(fuzzy.body)).toMatchObject({ fuzziness: "AUTO" });
    expect(match(exact.body)).not.toHaveProperty("fuzziness");
  });

  it("sorts by relevance then by the document key, and asks for one more hit than a page", () => {
    const { body, size } = buildSearch(contentIndexV1, [acme], { size: 10 }, [1.5, "acme:x"]);
    expect(body.sort).toEqual([{ _score: { order: "desc" } }, { docKey: { order: "asc" } }]);
    expect(body.size).toBe(11);
    expect(size).toBe(10);
    expect(body.search_after).toEqual([1.5, "acme:x"]);
  });

  it("counts by terms aggregations only (no global aggregation can escape the query)", () => {
    const { body } = buildSearch(contentIndexV1, [acme], { countBy: ["type", "status"] });
    expect(body.aggs).toEqual({
      type: { terms: { field: "type", size: 50 } },
      status: { terms: { field: "status", size: 50 } },
    });
  });

  it.each([
    { filters: [{ field: "tenantId", equals: "globex" }] },
    { sort: { field: "docKey", order: "asc" } },
    { countBy: ["tenantId"] },
    { filters: [{ field: "nope", equals: "x" }] },
    { text: { query: "x", fields: ["status"] } },
    { highlight: ["status"] },
    { text: { query: "x", fields: ["title^abc"] } },
  ] as SearchRequest[])("refuses a request on a field it may not use (%#)", (request) => {
    expect(() => buildSearch(contentIndexV1, [acme], request)).toThrow(/cannot/);
  });

  it.each([0, 101, 2.5])("refuses a page size of %s", (size) => {
    expect(() => buildSearch(contentIndexV1, [acme], { size })).toThrow(/page holds/);
  });

  it("always returns the tenant with the fields asked for", () => {
    const { body } = buildSearch(contentIndexV1, [acme], { fields: ["title"] });
    expect(body._source).toEqual(["title", "tenantId"]);
  });
});
