/**
 * Search over what tenants own: a tenant's members search their tenant's items, a reviewer searches
 * across the tenants assigned to them. Both answer relevance-ranked pages with highlights (plain
 * text and the offsets of the matched terms, never markup), counts per type and status, and an opaque
 * cursor for the next page.
 */
import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { RUN_STATUSES } from "#shared/domain/agents/run";
import { CONTENT_STATUSES } from "#shared/domain/content/content-status";
import { SEARCH_TYPES } from "#shared/domain/search/search-document";
import { KNOWLEDGE_STATUS } from "#shared/domain/search/sources/knowledge.source";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";
import { count, timestamp } from "./response-views.ts";

const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const reviewer = { role: "reviewer", tenant: { from: "none" } } as const satisfies RouteAccess;

/** The longest query a search takes (characters). */
export const MAX_SEARCH_QUERY = 200;
/** An ISO 8601 date (a whole day) or date-time with its offset. */
const when = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
/** Every status an indexed item can have: a content item's, a run's, a brand version's, a knowledge document's. */
const statuses = [...new Set([...CONTENT_STATUSES, ...RUN_STATUSES, "accepted", KNOWLEDGE_STATUS])] as [
  string,
  ...string[],
];

const searchQuery = z.strictObject({
  q: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "must not be empty"),
      z.maxLength(MAX_SEARCH_QUERY, `at most ${MAX_SEARCH_QUERY} characters`),
    ),
  type: z.optional(z.enum(SEARCH_TYPES)),
  status: z.optional(z.enum(statuses)),
  from: z.optional(when),
  to: z.optional(when),
  ...pageQuery,
});

/** Where a matched term sits in a fragment: `[start, end)` in UTF-16 code units. */
const fragment = z.strictObject({
  text: z.string(),
  marks: z.array(z.tuple([count, count])),
});

const foundItem = z.strictObject({
  tenantId: z.string(),
  type: z.enum(SEARCH_TYPES),
  /** The item's id in its own context (a content id, a run id). */
  id: z.string(),
  /** A content type, an agent role. */
  kind: z.string(),
  status: z.string(),
  title: z.string(),
  score: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
  highlights: z.strictObject({ title: z.optional(z.array(fragment)), body: z.optional(z.array(fragment)) }),
});

export const searchResults = z.strictObject({
  items: z.array(foundItem),
  total: count,
  counts: z.strictObject({ type: z.record(z.string(), count), status: z.record(z.string(), count) }),
  nextCursor: z.optional(z.string()),
});
export type SearchResultsView = z.output<typeof searchResults>;

export const searchRoutes = {
  search: {
    method: "GET",
    path: "/api/tenant/v1/search",
    summary:
      "Search my tenant's content, runs, brand profile and knowledge documents: relevance-ranked, typo-tolerant, with highlights and counts per type and status.",
    access: member,
    query: searchQuery,
    response: searchResults,
  },
  dmSearch: {
    method: "GET",
    path: "/api/dm/v1/search",
    summary: "Search across the tenants assigned to me (a super-admin too: the tenants assigned to them).",
    access: reviewer,
    query: searchQuery,
    response: searchResults,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const searchApi = {
  domain: "search",
  entry: "functions/api/search/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 512,
  routes: searchRoutes,
  bindings: { table: "read", search: "read", secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;
