import type { authRoutes } from "#shared/contracts/auth.routes";
import { register } from "#shared/domain/identity/sign-in";
import { originOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";
import { sessionCookie } from "./refresh-cookie.ts";

/**
 * Signs up (`register`): a new tenant with the stage's starter credits and its first admin, signed in;
 * a taken e-mail → 409.
 */
export function registerRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.register> {
  return async ({ body, sourceIp, requestId }) => {
    const session = await register(deps, { ...body, origin: originOf({ sourceIp, requestId }) });
    return created(session.body, { cookies: [sessionCookie(session)] });
  };
}
