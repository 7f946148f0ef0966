import type { adminRoutes } from "#shared/contracts/admin.routes";
import { NotFoundError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, noContent, ok } from "#shared/platform/http/reply";
import { type AdminDeps, recordAudit } from "./deps.ts";

/** A page of the reviewers assigned to a tenant, with their names. Unknown tenant → 404. */
export function listReviewersRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.listReviewers> {
  return async ({ params, query }) => {
    const tenantId = parseTenantId(params.tenantId);
    if (!(await deps.store.tenant(tenantId))) throw new NotFoundError("Tenant not found");
    const page = await deps.store.tenantReviewers(tenantId, query);
    const reviewers = await Promise.all(page.items.map((a) => deps.store.user(a.reviewerId)));
    return ok({
      items: page.items.map((assignment, i) => ({
        reviewerId: assignment.reviewerId,
        name: reviewers[i]?.name ?? null,
        email: reviewers[i]?.email ?? null,
        assignedAt: assignment.createdAt,
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}

/**
 * Assigns a reviewer to a tenant: 201 and an audit entry when new, 200 when it already was. The
 * reviewer's very next request about that tenant is served (the kit reads assignments consistently).
 */
export function assignReviewerRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.assignReviewer> {
  return async (request) => {
    const { reviewerId } = request.params;
    const tenantId = parseTenantId(request.params.tenantId);
    const { created: isNew } = await deps.store.assignReviewer(reviewerId, tenantId);
    const body = { reviewerId, tenantId };
    if (!isNew) return ok(body);
    await recordAudit(deps, request, {
      type: "assignment.created",
      target: { userId: reviewerId, tenantId },
      tenantId,
    });
    return created(body);
  };
}

/** Ends an assignment (404 if there was none); the reviewer's very next request about the tenant is refused. */
export function unassignReviewerRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.unassignReviewer> {
  return async (request) => {
    const { reviewerId } = request.params;
    const tenantId = parseTenantId(request.params.tenantId);
    await deps.store.unassignReviewer(reviewerId, tenantId);
    await recordAudit(deps, request, {
      type: "assignment.removed",
      target: { userId: reviewerId, tenantId },
      tenantId,
    });
    return noContent();
  };
}
