import type { Status } from "#shared/adapters/dynamodb/identity-store";
import type { adminRoutes } from "#shared/contracts/admin.routes";
import { NotFoundError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, ok } from "#shared/platform/http/reply";
import { type AdminDeps, recordAudit } from "./deps.ts";

/** A page of every tenant, newest first; the cursor is bound to this listing. */
export function listTenantsRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.listTenants> {
  return async ({ query }) => ok(await deps.store.tenants(query));
}

/** Creates a tenant (profile and listing entry in one transaction) and audits it. */
export function createTenantRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.createTenant> {
  return async (request) => {
    const tenantId = await deps.store.createTenant(request.body.name);
    await recordAudit(deps, request, {
      type: "tenant.created",
      target: { tenantId },
      tenantId,
      details: { name: request.body.name },
    });
    const tenant = await deps.store.tenant(tenantId);
    if (!tenant) throw new Error(`Tenant ${tenantId} is gone right after its creation`);
    return created(tenant);
  };
}

export function getTenantRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.getTenant> {
  return async ({ params }) => {
    const tenant = await deps.store.tenant(parseTenantId(params.tenantId));
    if (!tenant) throw new NotFoundError("Tenant not found");
    return ok(tenant);
  };
}

/**
 * Suspends or reactivates a tenant; the authorizer refuses its users' tokens while it is suspended.
 * Audited when the status changes; asking for the status it already has changes nothing.
 */
function tenantStatusRoute(
  deps: AdminDeps,
  status: Status,
): RouteHandler<typeof adminRoutes.suspendTenant | typeof adminRoutes.reactivateTenant> {
  return async (request) => {
    const tenantId = parseTenantId(request.params.tenantId);
    const { tenant, changed } = await deps.store.setTenantStatus(tenantId, status);
    if (changed) {
      await recordAudit(deps, request, {
        type: status === "suspended" ? "tenant.suspended" : "tenant.reactivated",
        target: { tenantId },
        tenantId,
      });
    }
    return ok(tenant);
  };
}

export const suspendTenantRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.suspendTenant> =>
  tenantStatusRoute(deps, "suspended");
export const reactivateTenantRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.reactivateTenant> =>
  tenantStatusRoute(deps, "active");
