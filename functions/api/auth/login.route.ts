import type { authRoutes } from "#shared/contracts/auth.routes";
import { login } from "#shared/domain/identity/sign-in";
import { originOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";
import { sessionCookie } from "./refresh-cookie.ts";

/** Signs in (`login`): the access token in the body, the refresh token in its cookie. */
export function loginRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.login> {
  return async ({ body, sourceIp, requestId }) => {
    const session = await login(deps, { ...body, origin: originOf({ sourceIp, requestId }) });
    return ok(session.body, { cookies: [sessionCookie(session)] });
  };
}
