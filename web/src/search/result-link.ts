/** Where a search result leads: each type of item to its own page, in the tenant's app or the reviewer's. */
import type { SearchResultsView } from "#shared/contracts/search.routes";
import { knowledgePath } from "../knowledge/paths.ts";

export type FoundItem = SearchResultsView["items"][number];

/** Whose search it is: a tenant's members (`/app`) or a reviewer across assigned tenants (`/review`). */
export type SearchScope = "tenant" | "dm";

/** The portal path of a result's item, or `undefined` when the scope has no page for it. */
export function resultLink(
  item: Pick<FoundItem, "type" | "id" | "tenantId">,
  scope: SearchScope,
): string | undefined {
  const id = encodeURIComponent(item.id);
  if (scope === "dm") {
    // A reviewer's app has a page for content alone (the review screen); runs, brand profiles and
    // knowledge documents are the tenant's own pages.
    return item.type === "content"
      ? `/review/tenants/${encodeURIComponent(item.tenantId)}/content/${id}`
      : undefined;
  }
  switch (item.type) {
    case "content":
      return `/app/content/${id}`;
    case "run":
      return `/app/runs/${id}`;
    case "brand":
      return "/app/brand";
    case "knowledge":
      return knowledgePath(item.id);
    default:
      return undefined;
  }
}
