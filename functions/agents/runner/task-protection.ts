/**
 * The agent consumer's task scale-in protection: the platform's `createTaskProtection` with the
 * task's `ECS_AGENT_URI`, the consumer's logger and a failure metric, and the wrapper that holds the
 * protection for each job the consumer works on.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Message } from "@aws-sdk/client-sqs";
import * as z from "zod/mini";
import { JOB_ATTRIBUTES } from "#shared/contracts/job-definition";
import { loadConfig } from "#shared/platform/config";
import type { JobOutcome } from "#shared/platform/queue/consumer";
import { createTaskProtection, type TaskProtection } from "#shared/platform/queue/task-protection";

/** The metric counting failed protection changes (each its own EMF record), which ops alarm on. */
export const TASK_PROTECTION_FAILURES = "TaskProtectionFailures";

/**
 * The consumer task's protection. `ECS_AGENT_URI` is set by the ECS agent on Fargate and by the local
 * cloud's container runner; without it protection is off and says so once.
 */
export function agentTaskProtection(options: {
  jobTimeoutSeconds: number;
  logger: Logger;
  metrics: Metrics;
  env?: NodeJS.ProcessEnv;
}): TaskProtection {
  const { ECS_AGENT_URI } = loadConfig(z.object({ ECS_AGENT_URI: z.optional(z.url()) }), options.env);
  return createTaskProtection({
    agentUri: ECS_AGENT_URI,
    jobTimeoutSeconds: options.jobTimeoutSeconds,
    log: options.logger,
    // A record of its own, apart from the jobs' metrics and whenever they are flushed.
    countFailure: () =>
      options.metrics.singleMetric().addMetric(TASK_PROTECTION_FAILURES, MetricUnit.Count, 1),
  });
}

/**
 * Wraps a consumer's job handler: the task is protected before the job starts and the job's hold is
 * released when it ends, however it ends.
 */
export function withTaskProtection<C>(
  protection: TaskProtection,
  handle: (message: Message, context: C) => Promise<JobOutcome>,
): (message: Message, context: C) => Promise<JobOutcome> {
  return async (message, context) => {
    const hold = await protection.hold({
      correlationId: message.MessageAttributes?.[JOB_ATTRIBUTES.correlationId]?.StringValue,
      messageId: message.MessageId,
    });
    try {
      return await handle(message, context);
    } finally {
      hold.release();
    }
  };
}
