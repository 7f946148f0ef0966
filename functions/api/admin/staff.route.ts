import type { adminRoutes } from "#shared/contracts/admin.routes";
import { createStaff } from "#shared/domain/identity/admin-users";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, ok } from "#shared/platform/http/reply";
import { type AdminDeps, userView } from "./deps.ts";

/** Creates a reviewer or super-admin with the password given (`createStaff`); a taken e-mail → 409. */
export function createStaffRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.createStaff> {
  return async (request) => {
    const { name, email, role } = request.body;
    const userId = await createStaff(deps, { ...request.body, acting: actingOf(request) });
    return created({ id: userId, email, name, role, tenantId: null, status: "active" });
  };
}

/** A page of the platform's staff (the `STAFF` index), as a super-admin sees a user. */
export function listStaffRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.listStaff> {
  return async ({ query }) => {
    const page = await deps.users.listStaff(query);
    return ok({
      items: page.items.map((user) => userView(user.id, user)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}
