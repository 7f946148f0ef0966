import { randomBytes } from "node:crypto";
import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import { hashPassword } from "#shared/domain/identity/password";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created } from "#shared/platform/http/reply";
import type { TenantUsersDeps } from "./deps.ts";

/** A password to sign in with once and then change: 24 random base64url characters (144 bits). */
function temporaryPassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Primary course: make a one-time temporary password, create the user in the caller's tenant with
 * the e-mail's claim (a taken e-mail → 409), audit it, and answer the password this once — it is
 * stored only as a hash and never logged.
 */
export function inviteRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.invite> {
  return async ({ auth, body, sourceIp, requestId }) => {
    const password = temporaryPassword();
    const userId = await deps.store.inviteTenantUser({
      tenantId: auth.tenantId,
      name: body.name,
      email: body.email,
      role: body.role,
      passwordHash: await hashPassword(password),
    });
    await deps.audit.record({
      type: "user.invited",
      actor: { userId: auth.principal.userId, role: auth.principal.role },
      target: { userId, email: body.email },
      tenantId: auth.tenantId,
      ip: sourceIp,
      correlationId: requestId,
      details: { role: body.role },
    });
    return created({
      user: { id: userId, email: body.email, name: body.name, role: body.role, status: "active" },
      temporaryPassword: password,
    });
  };
}
