/**
 * Fixture container consumer: the process `LocalContainerService` runs for `long-jobs`. It runs the
 * platform's consumer loop on its queue and works as each job's body asks (`JobInstruction`), recording
 * every attempt in DynamoDB under `JOB#<run>` (sort key `<messageId>#<receive count>`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { agentTaskProtection, withTaskProtection } from "#functions/agents/runner/task-protection";
import { loadConfig } from "#shared/platform/config";
import { consumerEnvNames } from "#shared/platform/declaration/environment";
import { logger } from "#shared/platform/logger";
import { metrics } from "#shared/platform/observability";
import { runContainerConsumer } from "#shared/platform/queue/container-consumer";
import {
  eventSourceDeclaration,
  HEARTBEAT_SECONDS,
  LEASE_SECONDS,
  SHUTDOWN_GRACE_SECONDS,
} from "./declaration.ts";
import type { JobInstruction } from "./instructions.ts";

const [consumer] = eventSourceDeclaration.containers;
// What every container consumer is told of its queue (`containerEnvironment`).
const queueVariable = consumerEnvNames.queueUrl;
const config = loadConfig(z.object({ TABLE_NAME: z.string(), [queueVariable]: z.string() }));
const dynamodb = new DynamoDBClient({});

async function record(
  job: JobInstruction,
  messageId: string,
  receiveCount: string,
  status: string,
  detail: Record<string, string> = {},
): Promise<void> {
  await dynamodb.send(
    new PutItemCommand({
      TableName: config.TABLE_NAME,
      Item: {
        pk: { S: `JOB#${job.run}` },
        sk: { S: `${messageId}#${receiveCount}` },
        status: { S: status },
        pid: { N: String(process.pid) },
        at: { N: String(Date.now()) },
        ...Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, { S: v }])),
      },
    }),
  );
}

runContainerConsumer({
  client: new SQSClient({}),
  queueUrl: config[queueVariable] as string,
  concurrency: consumer.concurrency,
  jobTimeoutSeconds: consumer.timeoutSeconds,
  visibilityTimeoutSeconds: LEASE_SECONDS,
  heartbeatSeconds: HEARTBEAT_SECONDS,
  shutdownGraceSeconds: SHUTDOWN_GRACE_SECONDS,
  // Short polls keep a stopping task quick; the tests stop and restart tasks often.
  waitTimeSeconds: 1,
  log: logger,
  // As the agent consumer does: protected while it holds a job (the local runner serves ECS_AGENT_URI).
  handle: withTaskProtection(
    agentTaskProtection({ jobTimeoutSeconds: consumer.timeoutSeconds, logger, metrics }),
    async (message, { signal }: { signal: AbortSignal }) => {
      const job = JSON.parse(message.Body ?? "{}") as JobInstruction;
      const messageId = message.MessageId ?? "";
      const count = message.Attributes?.ApproximateReceiveCount ?? "0";
      const startedAt = String(Date.now());
      await record(job, messageId, count, "started", { startedAt });
      try {
        if (job.do === "slow" || (job.do === "slow-once" && count === "1")) {
          await sleep(job.ms ?? 1000, undefined, { signal });
        }
      } catch (error) {
        const reason: unknown = signal.reason;
        await record(job, messageId, count, "aborted", {
          startedAt,
          reason: reason instanceof Error ? reason.name : String(reason),
        });
        throw error;
      }
      await record(job, messageId, count, "done", { startedAt });
      return "done";
    },
  ),
});
