/**
 * Every minute: how long the oldest item has waited for a reviewer, as the `OldestReviewWaitSeconds`
 * metric (one Query of the review queue's oldest entry; 0 when nothing waits, so the alarm clears).
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { createReviewQueue } from "#shared/adapters/dynamodb/content/review-queue";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { REVIEW_SERVICE_LEVEL, reviewServiceLevelSchedule } from "#shared/contracts/review-service-level";
import { oldestReviewWaitSeconds } from "#shared/domain/content/service-level";
import { loadBindings } from "#shared/platform/bindings";
import { logger, metrics } from "#shared/platform/observability";

const bound = loadBindings(reviewServiceLevelSchedule.target.bindings);
const queue = createReviewQueue(await openTable(bound));

export async function handler(): Promise<{ oldestWaitSeconds: number }> {
  const seconds = await oldestReviewWaitSeconds(queue, new Date());
  metrics.addMetric(REVIEW_SERVICE_LEVEL.metricName, MetricUnit.Seconds, seconds);
  metrics.publishStoredMetrics();
  logger.info("Review service level measured", { oldestWaitSeconds: seconds });
  return { oldestWaitSeconds: seconds };
}
