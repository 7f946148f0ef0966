/**
 * A platform declaration for the queue-consumer fidelity tests: a queue function reading two queues
 * (one whose failures are partial, one for whole-batch failures) and a container consumer of a third.
 * The fixture handlers behave as each message's body asks (see `batch.handler.ts`, `worker.entry.ts`).
 *
 * Visibility timeouts are a few seconds so retries are quick. The declaration is deliberately not put
 * through `assertValidDeclaration`, whose AWS-advised margin (visibility ≥ 6 × timeout + window) would
 * make each retry here wait tens of seconds; AWS's hard rule (visibility ≥ the function's timeout),
 * which the local mapping enforces as `CreateEventSourceMapping` does, holds.
 */
import { SINGLE_TABLE } from "#shared/platform/declaration/single-table";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";

/** Visibility timeout of the queues the queue function reads. */
export const VISIBILITY_SECONDS = 3;

/** The container consumer's per-receive lease and heartbeat. */
export const LEASE_SECONDS = 3;
export const HEARTBEAT_SECONDS = 1;
/** How long a stopping container task lets its jobs finish. */
export const SHUTDOWN_GRACE_SECONDS = 2;

export const eventSourceDeclaration = {
  app: "consumers",
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
    {
      name: "partial",
      purpose: "Batches whose failures the function reports item by item.",
      visibilityTimeoutSeconds: VISIBILITY_SECONDS,
      maxReceiveCount: 3,
    },
    {
      name: "whole",
      purpose: "Batches that fail whole: malformed answers, errors, timeouts.",
      visibilityTimeoutSeconds: VISIBILITY_SECONDS,
      maxReceiveCount: 5,
    },
    {
      name: "jobs",
      purpose: "Long jobs for the container consumer.",
      visibilityTimeoutSeconds: LEASE_SECONDS,
      maxReceiveCount: 5,
    },
  ],
  queueFunctions: [
    {
      name: "recorder",
      entry: "test/integration/event-source/batch.handler.ts",
      queues: ["partial", "whole"],
      batchSize: 5,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: 2,
      timeoutSeconds: 2,
      bindings: { table: "readwrite" },
    },
  ],
  containers: [
    {
      name: "long-jobs",
      queue: "jobs",
      entry: "test/integration/event-source/worker.entry.ts",
      // Longer than the lease, so a job can outlive its first lease on heartbeats.
      timeoutSeconds: 5,
      concurrency: 2,
      cpu: 256,
      memoryMb: 512,
      tasks: { min: 1, max: 1 },
      bindings: { table: "readwrite" },
    },
  ],
  eventRules: [],
  schedules: [],
  secrets: [],
} as const satisfies PlatformDeclaration;
