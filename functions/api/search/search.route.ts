/** The search routes: a tenant's own items, and a reviewer's across their assigned tenants. */
import type { searchRoutes } from "#shared/contracts/search.routes";
import type { AssignedTenants } from "#shared/domain/identity/ports";
import { type SearchDeps, searchAssigned, searchTenant } from "#shared/domain/search/search-items";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";

type R = typeof searchRoutes;

/** What the search routes need; built once per cold start in `handler.ts`. */
export type SearchRoutesDeps = SearchDeps & { assignedTenants: AssignedTenants };

export function searchRoute(deps: SearchRoutesDeps): RouteHandler<R["search"]> {
  return async ({ auth, query }) => ok(await searchTenant(deps, auth.tenantId, query));
}

export function dmSearchRoute(deps: SearchRoutesDeps): RouteHandler<R["dmSearch"]> {
  return async ({ auth, query }) => ok(await searchAssigned(deps, auth.principal.userId, query));
}
