import type { adminRoutes } from "#shared/contracts/admin.routes";
import { assignReviewer, listTenantReviewers, unassignReviewer } from "#shared/domain/identity/admin-tenants";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, noContent, ok } from "#shared/platform/http/reply";
import type { AdminDeps } from "./deps.ts";

/** A page of the reviewers assigned to a tenant, with their names. Unknown tenant → 404. */
export function listReviewersRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.listReviewers> {
  return async ({ auth, query }) => ok(await listTenantReviewers(deps, auth.tenantId, query));
}

/** Assigns a reviewer to a tenant: 201 when new, 200 when it already was. */
export function assignReviewerRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.assignReviewer> {
  return async (request) => {
    const { reviewerId } = request.params;
    const { tenantId } = request.auth;
    const assigned = await assignReviewer(deps, tenantId, { reviewerId, acting: actingOf(request) });
    const body = { reviewerId, tenantId };
    return assigned.created ? created(body) : ok(body);
  };
}

/** Ends an assignment (404 if there was none). */
export function unassignReviewerRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.unassignReviewer> {
  return async (request) => {
    const { reviewerId } = request.params;
    await unassignReviewer(deps, request.auth.tenantId, {
      reviewerId,
      acting: actingOf(request),
    });
    return noContent();
  };
}
