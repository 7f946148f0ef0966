/**
 * The one allow-list of routes that API Gateway serves without the authorizer. A route is public
 * only by being named here; `declaration.test.ts` pins this list, so changing it means changing
 * that test in the same commit, where a reviewer sees it.
 */
export const PUBLIC_ROUTES: readonly string[] = Object.freeze([
  "GET /api/health/live",
  "GET /api/health/ready",
  // Sign-up, sign-in and refresh cannot require a token; refresh requires its cookie and a CSRF header.
  "POST /api/auth/v1/register",
  "POST /api/auth/v1/login",
  "POST /api/auth/v1/refresh",
  "GET /api/auth/v1/jwks",
]);
