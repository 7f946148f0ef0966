import type { RouteDeclaration } from "#shared/platform/declaration/types";

/** Liveness and readiness; both public (see the allow-list). */
export const healthRoutes = {
  live: {
    method: "GET",
    path: "/api/health/live",
    summary: "Answers 200 while the API can run a function at all.",
  },
  ready: {
    method: "GET",
    path: "/api/health/ready",
    summary: "Answers 200 when DynamoDB, SQS, EventBridge and Secrets Manager are reachable, else 503 with each status.",
  },
} as const satisfies Record<string, RouteDeclaration>;
