import type { authRoutes } from "#shared/contracts/auth.routes";
import { ForbiddenError } from "#shared/domain/errors";
import { refreshSession } from "#shared/domain/identity/refresh";
import { originOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";
import { CSRF_HEADER, refreshTokenFrom, sessionCookie } from "./refresh-cookie.ts";

/**
 * A refresh needs the CSRF header (a cross-site form cannot set it) before anything is counted or
 * read; then `refreshSession` judges the cookie's token, and the rotated one goes back in the cookie.
 */
export function refreshRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.refresh> {
  return async ({ headers, cookies, sourceIp, requestId }) => {
    if (headers[CSRF_HEADER.name] !== CSRF_HEADER.value) {
      throw new ForbiddenError(`A refresh needs the ${CSRF_HEADER.name} header`);
    }
    const session = await refreshSession(deps, {
      token: refreshTokenFrom(cookies),
      origin: originOf({ sourceIp, requestId }),
    });
    return ok(session.body, { cookies: [sessionCookie(session)] });
  };
}
