import type { authRoutes } from "#shared/contracts/auth.routes";
import { logout, logoutEverywhere } from "#shared/domain/identity/sign-out";
import { originOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";
import { clearedRefreshCookie } from "./refresh-cookie.ts";

/** Ends this session (`logout`) and clears the refresh cookie. */
export function logoutRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.logout> {
  return async ({ auth }) => {
    await logout(deps, auth.principal);
    return noContent({ cookies: [clearedRefreshCookie()] });
  };
}

/** Ends every session of the user (`logoutEverywhere`) and clears the refresh cookie. */
export function logoutAllRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.logoutAll> {
  return async ({ auth, sourceIp, requestId }) => {
    await logoutEverywhere(deps, {
      principal: auth.principal,
      origin: originOf({ sourceIp, requestId }),
    });
    return noContent({ cookies: [clearedRefreshCookie()] });
  };
}
