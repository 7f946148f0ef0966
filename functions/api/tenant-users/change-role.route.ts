import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import { NotFoundError } from "#shared/domain/errors";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type TenantUsersDeps, tenantUserView } from "./deps.ts";

/**
 * Primary course: change the role of a user of the caller's tenant together with the tenant's admin
 * count (never below one: 409 `IDENTITY.LAST_ADMIN`), audit it, answer the user. Tokens carry the
 * role, so the user's sessions end (their session generation is raised): the new role applies from their
 * next sign-in, and the old one stops within the authorizer's cache TTL. Asking for the role the
 * user already has changes nothing.
 */
export function changeRoleRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.changeRole> {
  return async ({ auth, params, body, sourceIp, requestId }) => {
    const change = await deps.store.changeTenantUserRole(auth.tenantId, params.userId, body.role);
    if (change.from !== change.to) {
      await deps.audit.record({
        type: "role.changed",
        actor: { userId: auth.principal.userId, role: auth.principal.role },
        target: { userId: params.userId },
        tenantId: auth.tenantId,
        ip: sourceIp,
        correlationId: requestId,
        details: { from: change.from, to: change.to },
      });
    }
    const user = await deps.store.tenantUser(auth.tenantId, params.userId);
    // Removed between the change and this read: say so rather than answer a stale user.
    if (!user) throw new NotFoundError("User not found");
    return ok(tenantUserView(user));
  };
}
