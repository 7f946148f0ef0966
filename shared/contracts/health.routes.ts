import * as z from "zod/mini";
import { EVENTS_DLQ } from "#shared/platform/declaration/naming";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";

/** The answer of liveness. */
const live = z.strictObject({ status: z.literal("ok") });
/**
 * The answer of readiness: every dependency probed answered. (When one does not, the answer is the
 * 503 error, whose `details` name each dependency's status.)
 */
const ready = z.strictObject({
  status: z.literal("ok"),
  dependencies: z.record(z.string(), z.literal("ok")),
});
export type Readiness = z.output<typeof ready>;

/** Liveness and readiness; both public (see the allow-list). */
export const healthRoutes = {
  live: {
    method: "GET",
    path: "/api/health/live",
    summary: "Answers 200 while the API can run a function at all.",
    response: live,
  },
  ready: {
    method: "GET",
    path: "/api/health/ready",
    summary:
      "Answers 200 when DynamoDB, SQS, EventBridge and Secrets Manager are reachable, else 503 with each status.",
    response: ready,
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
