import type { adminRoutes } from "#shared/contracts/admin.routes";
import { grantCredits, tenantCredits } from "#shared/domain/identity/admin-tenants";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AdminDeps } from "./deps.ts";

/** A super-admin grants a tenant credits (`grantCredits`); answers the new balance. Unknown tenant → 404. */
export function grantCreditsRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.grantCredits> {
  return async (request) => {
    const { tenantId } = request.auth;
    const balance = await grantCredits(deps, tenantId, { ...request.body, acting: actingOf(request) });
    return ok({ tenantId, balance: balance.available, reserved: balance.reserved, granted: balance.granted });
  };
}

/** A super-admin reads a tenant's credits (`tenantCredits`). Unknown tenant → 404. */
export function tenantCreditsRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.tenantCredits> {
  return async (request) => {
    const { tenantId } = request.auth;
    const balance = await tenantCredits(deps, tenantId);
    return ok({ tenantId, balance: balance.available, reserved: balance.reserved, granted: balance.granted });
  };
}
