/** The scheduled sweep of the agents' DLQs (see `sweep-dead-letters.ts`). */

import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod/mini";
import { createRunStore } from "#shared/adapters/dynamodb/agent-runs";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { SingleTable } from "#shared/adapters/dynamodb/single-table";
import { createEventPublisher } from "#shared/adapters/events";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { loadConfig } from "#shared/platform/config";
import { envNames } from "#shared/platform/declaration/environment";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import { logger, metrics } from "#shared/platform/observability";
import { AGENT_ROLES, agentQueueName } from "../catalog.ts";
import { sweepDeadLetters } from "./sweep-dead-letters.ts";

const dlqs = AGENT_ROLES.map((role) => deadLetterQueueName(agentQueueName(role)));
const config = loadConfig(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    EVENT_BUS_NAME: z.string().check(z.minLength(1)),
    ...Object.fromEntries(dlqs.map((q) => [envNames.queueUrl(q), z.string().check(z.minLength(1))])),
  }),
) as Record<string, string>;
const table = new SingleTable({ client: new DynamoDBClient({}), tableName: config.TABLE_NAME as string });
const sqs = new SQSClient({});
const events = createEventPublisher({
  client: new EventBridgeClient({}),
  busName: config.EVENT_BUS_NAME as string,
  source: AGENT_EVENT_SOURCE,
});
const runs = createRunStore(table, createCredits(table));

export async function handler(): Promise<{ seen: number; failed: number; unreadable: number }> {
  try {
    const report = await sweepDeadLetters({
      sqs,
      runs,
      events,
      logger,
      deadLetterQueues: dlqs.map((q) => config[envNames.queueUrl(q)] as string),
      count: (name, role) => {
        const metric = metrics.singleMetric();
        if (role) metric.addDimension("role", role);
        metric.addMetric(name, MetricUnit.Count, 1);
      },
    });
    if (report.seen > 0) logger.info("Swept the agents' dead-letter queues", { ...report });
    return report;
  } finally {
    metrics.publishStoredMetrics();
  }
}
