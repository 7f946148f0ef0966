import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type TenantUsersDeps, tenantUserView } from "./deps.ts";

/** A page of the caller's tenant's users; the cursor is bound to this tenant's listing. */
export function listRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.list> {
  return async ({ auth, query }) => {
    const page = await deps.tenantUsers.list(auth.tenantId, query);
    return ok({
      items: page.items.map(tenantUserView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}
