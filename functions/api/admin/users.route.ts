import type { Status } from "#shared/adapters/dynamodb/identity-store";
import type { adminRoutes } from "#shared/contracts/admin.routes";
import { NotFoundError } from "#shared/domain/errors";
import { SelfSuspensionError } from "#shared/domain/identity/errors";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent, ok } from "#shared/platform/http/reply";
import { type AdminDeps, recordAudit, userView } from "./deps.ts";

/**
 * Suspends or reactivates a user; the authorizer refuses a suspended user's tokens. A super-admin
 * cannot suspend themselves (no one might be left to undo it). Audited when the status changes.
 */
function userStatusRoute(
  deps: AdminDeps,
  status: Status,
): RouteHandler<typeof adminRoutes.suspendUser | typeof adminRoutes.reactivateUser> {
  return async (request) => {
    const { userId } = request.params;
    if (status === "suspended" && userId === request.auth.principal.userId) {
      throw new SelfSuspensionError();
    }
    const { user, changed } = await deps.store.setUserStatus(userId, status);
    if (changed) {
      await recordAudit(deps, request, {
        type: status === "suspended" ? "user.suspended" : "user.reactivated",
        target: { userId, email: user.email },
        ...(user.tenantId ? { tenantId: user.tenantId } : {}),
      });
    }
    return ok(userView(userId, user));
  };
}

export const suspendUserRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.suspendUser> =>
  userStatusRoute(deps, "suspended");
export const reactivateUserRoute = (deps: AdminDeps): RouteHandler<typeof adminRoutes.reactivateUser> =>
  userStatusRoute(deps, "active");

/** Clears a user's failed sign-ins, so a locked account may sign in at once. Audited. */
export function unlockUserRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.unlockUser> {
  return async (request) => {
    const { userId } = request.params;
    const user = await deps.store.user(userId);
    if (!user) throw new NotFoundError("User not found");
    // Stored e-mails are already in their one normalized spelling, the lockout's key.
    await deps.loginFailures.reset(user.email);
    await recordAudit(deps, request, {
      type: "account.unlocked",
      target: { userId, email: user.email },
      ...(user.tenantId ? { tenantId: user.tenantId } : {}),
    });
    return noContent();
  };
}
