import type { authRoutes } from "#shared/contracts/auth.routes";
import { NotFoundError } from "#shared/domain/errors";
import { publicUser } from "#shared/domain/identity/session-start";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";

/** The signed-in user. */
export function meRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.me> {
  return async ({ auth }) => {
    const user = await deps.users.get(auth.principal.userId);
    if (!user) throw new NotFoundError("User not found");
    return ok(publicUser(auth.principal.userId, user));
  };
}

/** The public verification keys (current and previous), cacheable for five minutes. */
export function jwksRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.jwks> {
  return async () =>
    ok(await deps.verificationKeys(), { headers: { "cache-control": "public, max-age=300" } });
}
