import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent } from "#shared/platform/http/reply";
import type { TenantUsersDeps } from "./deps.ts";

/**
 * Primary course: remove a user of the caller's tenant and free its e-mail, in one transaction —
 * another tenant's user is a 404 like a missing one, and the last admin a 409 — then audit it. With
 * the user gone, the authorizer refuses every token the user holds.
 */
export function removeRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.remove> {
  return async ({ auth, params, sourceIp, requestId }) => {
    const removed = await deps.store.removeTenantUser(auth.tenantId, params.userId);
    await deps.audit.record({
      type: "user.removed",
      actor: { userId: auth.principal.userId, role: auth.principal.role },
      target: { userId: params.userId, email: removed.email },
      tenantId: auth.tenantId,
      ip: sourceIp,
      correlationId: requestId,
      details: { role: removed.role },
    });
    return noContent();
  };
}
