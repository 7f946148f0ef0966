import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import { inviteTenantUser } from "#shared/domain/identity/tenant-users";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created } from "#shared/platform/http/reply";
import type { TenantUsersDeps } from "./deps.ts";

/** Invites a user to the caller's tenant (`inviteTenantUser`); its temporary password is answered this once. */
export function inviteRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.invite> {
  return async (request) => {
    const { name, email, role } = request.body;
    const invited = await inviteTenantUser(deps, request.auth.tenantId, {
      name,
      email,
      role,
      acting: actingOf(request),
    });
    return created({
      user: { id: invited.userId, email, name, role, status: "active" },
      temporaryPassword: invited.temporaryPassword,
    });
  };
}
