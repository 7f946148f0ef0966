/**
 * The one allow-list of routes that API Gateway serves without the authorizer. A route is public
 * only by being named here; `declaration.test.ts` pins this list, so changing it means changing
 * that test in the same commit, where a reviewer sees it.
 */
export const PUBLIC_ROUTES: readonly string[] = Object.freeze([
  "GET /api/health/live",
  "GET /api/health/ready",
]);
