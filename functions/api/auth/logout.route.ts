import { ACCESS_TOKEN_TTL_SECONDS } from "#shared/adapters/access-tokens";
import type { authRoutes } from "#shared/contracts/auth.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";
import { clearedRefreshCookie } from "./refresh-cookie.ts";

/** Ends this session: the access token's `jti` is revoked and its refresh-token family with it. */
export function logoutRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.logout> {
  return async ({ auth }) => {
    const now = Math.floor(deps.now().getTime() / 1000);
    await Promise.all([
      deps.store.revokeAccessToken(auth.principal.jti, now + ACCESS_TOKEN_TTL_SECONDS),
      auth.principal.sid ? deps.store.revokeSession(auth.principal.sid) : undefined,
    ]);
    return noContent({ cookies: [clearedRefreshCookie()] });
  };
}

/**
 * Ends every session of the user: every token issued before this answers — access or refresh, on any
 * device — stops working (within the authorizer's cache TTL for access tokens), while a sign-in right
 * after it starts a session that lives (the session generation, not a clock, tells them apart). Audited.
 */
export function logoutAllRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.logoutAll> {
  return async ({ auth, sourceIp, requestId }) => {
    const userId = auth.principal.userId;
    const user = await deps.store.user(userId);
    if (!user) return noContent({ cookies: [clearedRefreshCookie()] });
    await deps.store.endAllSessions(userId);
    if (auth.principal.sid) await deps.store.revokeSession(auth.principal.sid);
    await deps.audit.record({
      type: "logout.all",
      actor: { userId, role: auth.principal.role },
      target: { userId },
      ...(user.tenantId ? { tenantId: user.tenantId } : {}),
      ip: sourceIp,
      correlationId: requestId,
    });
    return noContent({ cookies: [clearedRefreshCookie()] });
  };
}
