import { EVENTS_DLQ } from "#shared/platform/declaration/naming";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";

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
    summary:
      "Answers 200 when DynamoDB, SQS, EventBridge and Secrets Manager are reachable, else 503 with each status.",
  },
} as const satisfies Record<string, RouteDeclaration>;

export const healthApi = {
  domain: "health",
  entry: "functions/api/health/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 256,
  routes: healthRoutes,
  // Exactly what the readiness probes ask (shared/adapters/readiness.ts), and nothing that reads data.
  bindings: {
    describesTable: true,
    describesEventBus: true,
    inspects: [EVENTS_DLQ],
    describesSecrets: ["signing-keys"],
  },
  // The readiness probes load these lazily and only on GET /ready; see the field's documentation.
  runtimeProvidedModules: [
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/client-sqs",
    "@aws-sdk/client-eventbridge",
    "@aws-sdk/client-secrets-manager",
  ],
} as const satisfies ApiDomainDeclaration;
