import type { authRoutes } from "#shared/contracts/auth.routes";
import { changePassword } from "#shared/domain/identity/change-password";
import { originOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent } from "#shared/platform/http/reply";
import type { AuthDeps } from "./deps.ts";

/** Changes the signed-in user's password (`changePassword`); this session keeps working. */
export function passwordRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.password> {
  return async ({ auth, body, sourceIp, requestId }) => {
    await changePassword(deps, {
      principal: auth.principal,
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
      origin: originOf({ sourceIp, requestId }),
    });
    return noContent();
  };
}
