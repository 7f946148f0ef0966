/**
 * What the HTTP API's authorizer needs of a declaration, as plain data: its bindings, whether there is
 * a front door, and each route's declared access by route key. The authorizer loads it as generated
 * JSON (`functions/authorizer/http-authorizer-setup.json`, written by `npm run docs:api` and checked by a
 * test) instead of the declaration itself, which would bundle every domain's zod contracts into it.
 */
import type { RouteAccess } from "#shared/domain/access/roles";
import { EDGE } from "./edge.ts";
import type { FunctionBindings, PlatformDeclaration, RouteKey } from "./types.ts";
import { listRoutes } from "./validate.ts";

export interface HttpAuthorizerSetup {
  bindings: FunctionBindings;
  /** The declaration has a front door (it declares the origin secret): every request must come through it. */
  frontDoor: boolean;
  /** Each declared route by its key, with its access; a public route (on the allow-list) has none. */
  routes: Readonly<Record<RouteKey, { access?: RouteAccess }>>;
}

/** The authorizer's view of a declaration. */
export function httpAuthorizerSetupOf(declaration: PlatformDeclaration): HttpAuthorizerSetup {
  return {
    bindings: declaration.authorizer.bindings ?? {},
    frontDoor: declaration.secrets.some((s) => s.name === EDGE.originSecret),
    routes: Object.fromEntries(
      listRoutes(declaration).map(({ key, route }) => [key, route.access ? { access: route.access } : {}]),
    ),
  };
}
