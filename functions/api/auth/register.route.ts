import type { authRoutes } from "#shared/contracts/auth.routes";
import { hashPassword } from "#shared/domain/identity/password";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";
import { startSession } from "./session.ts";

/**
 * Primary course: within the sign-up limit per IP, hash the password, create the tenant, its first
 * admin and the e-mail's claim in one transaction, and start a session. A taken e-mail → 409 that
 * says no more than that.
 */
export function registerRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.register> {
  return async ({ body, sourceIp }) => {
    await deps.limits.register.enforce(sourceIp);
    const passwordHash = await hashPassword(body.password);
    const { tenantId, userId } = await deps.store.registerTenant({
      tenantName: body.tenantName,
      name: body.name,
      email: body.email,
      passwordHash,
    });
    const user = {
      email: body.email,
      name: body.name,
      role: "admin" as const,
      tenantId,
      passwordHash,
      status: "active" as const,
    };
    const session = await startSession(deps, userId, user, { name: body.tenantName, status: "active" });
    return created(session.body, { cookies: [session.cookie] });
  };
}
