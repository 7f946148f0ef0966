/** The scheduled sweep of the agents' DLQs (see `sweep-dead-letters.ts`). */
import { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod/mini";
import { createQueueOps } from "#shared/adapters/queue-ops";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { loadConfig } from "#shared/platform/config";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { envNames } from "#shared/platform/declaration/environment";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import { logger, metrics } from "#shared/platform/observability";
import { createPipelineDeps } from "../runner/runner-deps.ts";
import { type SweepReport, sweepDeadLetters } from "./sweep-dead-letters.ts";

const dlqs = AGENT_ROLES.map((role) => deadLetterQueueName(agentQueueName(role)));
const queueUrls = loadConfig(
  z.object(Object.fromEntries(dlqs.map((q) => [envNames.queueUrl(q), z.string().check(z.minLength(1))]))),
) as Record<string, string>;
const deps = {
  ...createPipelineDeps({ logger, metrics }),
  queues: createQueueOps({
    client: new SQSClient({}),
    queueUrl: (queue) => queueUrls[envNames.queueUrl(queue)] as string,
  }),
  deadLetterQueues: dlqs,
};

export async function handler(): Promise<SweepReport> {
  try {
    const report = await sweepDeadLetters(deps);
    if (report.seen > 0) logger.info("Swept the agents' dead-letter queues", { ...report });
    return report;
  } finally {
    metrics.publishStoredMetrics();
  }
}
