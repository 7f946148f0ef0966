import type { adminRoutes } from "#shared/contracts/admin.routes";
import { NotFoundError } from "#shared/domain/errors";
import { createTenant, setTenantStatus } from "#shared/domain/identity/admin-tenants";
import type { Status } from "#shared/domain/identity/ports";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, ok } from "#shared/platform/http/reply";
import type { AdminDeps } from "./deps.ts";

/** A page of every tenant, newest first; the cursor is bound to this listing. */
export function listTenantsRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.listTenants> {
  return async ({ query }) => ok(await deps.tenants.list(query));
}

/**
 * Creates a tenant with its starter credits and, when the body names one, its first admin invited
 * (`createTenant`): the tenant, plus `admin` with the user and its one-time temporary password,
 * answered this once as a tenant admin's invitation answers it.
 */
export function createTenantRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.createTenant> {
  return async (request) => {
    const { name, admin } = request.body;
    const made = await createTenant(deps, { name, ...(admin ? { admin } : {}), acting: actingOf(request) });
    if (!made.admin) return created(made.tenant);
    const { userId, email, temporaryPassword } = made.admin;
    return created({
      ...made.tenant,
      admin: {
        user: { id: userId, email, name: made.admin.name, role: "admin", status: "active" },
        temporaryPassword,
      },
    });
  };
}

export function getTenantRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.getTenant> {
  return async ({ auth }) => {
    const tenant = await deps.tenants.view(auth.tenantId);
    if (!tenant) throw new NotFoundError("Tenant not found");
    return ok(tenant);
  };
}

/** Suspends or reactivates a tenant (`setTenantStatus`). */
function tenantStatusRoute(
  deps: AdminDeps,
  status: Status,
): RouteHandler<typeof adminRoutes.suspendTenant | typeof adminRoutes.reactivateTenant> {
  return async (request) =>
    ok(
      await setTenantStatus(deps, request.auth.tenantId, {
        status,
        acting: actingOf(request),
      }),
    );
}

export const suspendTenantRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.suspendTenant> =>
  tenantStatusRoute(deps, "suspended");
export const reactivateTenantRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.reactivateTenant> =>
  tenantStatusRoute(deps, "active");
