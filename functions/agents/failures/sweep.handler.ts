/** The scheduled sweep of the agents' DLQs (see `sweep-dead-letters.ts`). */
import { SQSClient } from "@aws-sdk/client-sqs";
import { createQueueOps } from "#shared/adapters/queue-ops";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { loadBindings } from "#shared/platform/bindings";
import { agentSweepBindings } from "#shared/platform/declaration/agent-workers";
import { logger, metrics } from "#shared/platform/observability";
import { createPipelineDeps, runCounts } from "../runner/runner-deps.ts";
import { type SweepReport, sweepDeadLetters } from "./sweep-dead-letters.ts";

const declared = agentSweepBindings(AGENT_ROLES);
const bound = loadBindings(declared);
const counts = runCounts(metrics);
const deps = {
  ...(await createPipelineDeps({ bound, logger, counts })),
  queues: createQueueOps({ client: new SQSClient({}), queueUrl: bound.queueUrl }),
  deadLetterQueues: declared.redrives,
};

export async function handler(): Promise<SweepReport> {
  try {
    const report = await sweepDeadLetters(deps);
    if (report.seen > 0) logger.info("Swept the agents' dead-letter queues", { ...report });
    return report;
  } finally {
    counts.publish();
  }
}
