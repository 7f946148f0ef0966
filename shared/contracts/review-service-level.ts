/**
 * The review service level: how long the oldest item has waited for a reviewer, measured every
 * minute by a schedule and published as a CloudWatch metric that the dashboard shows and an alarm
 * watches (threshold per stage: `alarms.reviewWaitMinutes` in `cdk.json`).
 */
import type { ScheduleDeclaration } from "#shared/platform/declaration/types";

export const REVIEW_SERVICE_LEVEL = {
  /** The schedule's name, and so the metric's `service` dimension. */
  service: "review-service-level",
  metricName: "OldestReviewWaitSeconds",
} as const;

export const reviewServiceLevelSchedule = {
  name: REVIEW_SERVICE_LEVEL.service,
  description:
    "Publishes how long the oldest item has waited for a reviewer (0 when none waits), for the dashboard and the review alarm.",
  expression: "rate(1 minute)",
  target: {
    entry: "functions/review-service-level/handler.ts",
    timeoutSeconds: 20,
    memoryMb: 256,
    bindings: { table: "read" },
  },
} as const satisfies ScheduleDeclaration;
