import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import { removeTenantUser } from "#shared/domain/identity/tenant-users";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent } from "#shared/platform/http/reply";
import type { TenantUsersDeps } from "./deps.ts";

/** Removes a user of the caller's tenant (`removeTenantUser`): another tenant's user → 404, the last admin → 409. */
export function removeRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.remove> {
  return async (request) => {
    await removeTenantUser(deps, request.auth.tenantId, {
      userId: request.params.userId,
      acting: actingOf(request),
    });
    return noContent();
  };
}
