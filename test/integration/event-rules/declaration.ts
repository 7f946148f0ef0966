/**
 * A small platform declaration for the event-rules tests: two rules on the platform bus (one whose
 * target records what it got, one whose target always fails) and a schedule, all targeting the
 * recorder fixture, and the events DLQ their failures go to.
 */
import { SINGLE_TABLE } from "#shared/platform/declaration/single-table";
import type { FunctionDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { assertValidDeclaration } from "#shared/platform/declaration/validate";

export const EVENT_RULES_PUBLIC_ROUTES: readonly string[] = Object.freeze([]);

const recorder = (): FunctionDeclaration => ({
  entry: "test/integration/event-rules/recorder.handler.ts",
  timeoutSeconds: 10,
  bindings: { table: "readwrite" },
});

export const eventRulesDeclaration = {
  app: "rulesfix",
  authorizer: {
    entry: "test/integration/fixtures/authorizer.handler.ts",
    timeoutSeconds: 5,
    identitySource: ["$request.header.Authorization", "$context.routeKey"],
    bindings: { table: "readwrite" },
  },
  api: [],
  table: SINGLE_TABLE,
  eventBus: { name: "domain-events" },
  queues: [
    { name: "events-dlq", purpose: "Dead letters of rules and schedules.", retentionSeconds: 1_209_600 },
  ],
  queueFunctions: [],
  containers: [],
  eventRules: [
    {
      name: "big-orders",
      description: "Orders over 100 placed by the fixture.",
      pattern: {
        source: ["fixture.orders"],
        "detail-type": ["Order Placed"],
        detail: { total: [{ numeric: [">", 100] }] },
      },
      target: recorder(),
    },
    {
      name: "always-fails",
      description: "A target that fails every attempt.",
      pattern: { source: ["fixture.failures"] },
      target: recorder(),
    },
  ],
  schedules: [
    {
      name: "nightly",
      description: "Every night at 03:00 UTC.",
      expression: "cron(0 3 * * ? *)",
      target: recorder(),
    },
  ],
  secrets: [],
} as const satisfies PlatformDeclaration;

assertValidDeclaration(eventRulesDeclaration, EVENT_RULES_PUBLIC_ROUTES);
