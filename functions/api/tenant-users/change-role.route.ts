import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import { changeTenantUserRole } from "#shared/domain/identity/tenant-users";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type TenantUsersDeps, tenantUserView } from "./deps.ts";

/** Changes the role of a user of the caller's tenant (`changeTenantUserRole`); the last admin → 409. */
export function changeRoleRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.changeRole> {
  return async (request) => {
    const user = await changeTenantUserRole(deps, request.auth.tenantId, {
      userId: request.params.userId,
      role: request.body.role,
      acting: actingOf(request),
    });
    return ok(tenantUserView(user));
  };
}
