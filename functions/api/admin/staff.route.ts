import type { adminRoutes } from "#shared/contracts/admin.routes";
import { hashPassword } from "#shared/domain/identity/password";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created } from "#shared/platform/http/reply";
import { type AdminDeps, recordAudit } from "./deps.ts";

/** Creates a reviewer or super-admin with the password given; a taken e-mail → 409. Audited. */
export function createStaffRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.createStaff> {
  return async (request) => {
    const { name, email, role, password } = request.body;
    const userId = await deps.store.createStaff({
      name,
      email,
      role,
      passwordHash: await hashPassword(password),
    });
    await recordAudit(deps, request, {
      type: "staff.created",
      target: { userId, email },
      details: { role },
    });
    return created({ id: userId, email, name, role, tenantId: null, status: "active" });
  };
}
