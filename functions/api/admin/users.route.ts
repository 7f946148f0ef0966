import type { adminRoutes } from "#shared/contracts/admin.routes";
import { setUserStatus, unlockUser } from "#shared/domain/identity/admin-users";
import type { Status } from "#shared/domain/identity/ports";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent, ok } from "#shared/platform/http/reply";
import { type AdminDeps, userView } from "./deps.ts";

/** Suspends or reactivates a user (`setUserStatus`); never oneself (409). */
function userStatusRoute(
  deps: AdminDeps,
  status: Status,
): RouteHandler<typeof adminRoutes.suspendUser | typeof adminRoutes.reactivateUser> {
  return async (request) => {
    const { userId } = request.params;
    const user = await setUserStatus(deps, { userId, status, acting: actingOf(request) });
    return ok(userView(userId, user));
  };
}

export const suspendUserRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.suspendUser> =>
  userStatusRoute(deps, "suspended");
export const reactivateUserRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.reactivateUser> =>
  userStatusRoute(deps, "active");

/** Clears a user's failed sign-ins (`unlockUser`), so a locked account may sign in at once. */
export function unlockUserRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.unlockUser> {
  return async (request) => {
    await unlockUser(deps, { userId: request.params.userId, acting: actingOf(request) });
    return noContent();
  };
}
