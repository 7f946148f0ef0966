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
 * Ends every session of the user: every token issued up to this second — access or refresh, on any
 * device — stops working (within the authorizer's cache TTL for access tokens). Audited.
 */
export function logoutAllRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.logoutAll> {
  return async ({ auth, sourceIp, requestId }) => {
    const userId = auth.principal.userId;
    const user = await deps.store.user(userId);
    if (!user) return noContent({ cookies: [clearedRefreshCookie()] });
    // `iat` has whole seconds: a token issued in this very second must die too.
    const revokedBefore = Math.floor(deps.now().getTime() / 1000) + 1;
    await deps.store.updateUser(userId, { revokedBefore }, user.version);
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
