import { assignedTenants } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { openSearchStore } from "#shared/adapters/search/open-search-store";
import { searchApi } from "#shared/contracts/search.routes";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { dmSearchRoute, type SearchRoutesDeps, searchRoute } from "./search.route.ts";

const bound = loadBindings(searchApi.bindings);
const table = await openTable(bound);
const deps: SearchRoutesDeps = {
  // The OpenSearch client is loaded and connected on the first search, not in this cold start.
  search: openSearchStore(bound),
  assignedTenants: assignedTenants(table),
};

export const handler = createApiHandler(searchApi, {
  search: searchRoute(deps),
  dmSearch: dmSearchRoute(deps),
});
