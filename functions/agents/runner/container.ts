/**
 * The Fargate consumer of a long agent's queue: long-polls, keeps each message hidden while its job
 * runs, and on SIGTERM stops receiving and finishes or releases its jobs (`runContainerConsumer`).
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { processJob } from "#shared/domain/agents/process-job";
import { loadContainerSettings } from "#shared/platform/bindings";
import { publishEvery } from "#shared/platform/counter";
import { logger, metrics } from "#shared/platform/observability";
import { runContainerConsumer } from "#shared/platform/queue/container-consumer";
import { jobMessage } from "./job-message.ts";
import { createRunnerDeps, runCounts } from "./runner-deps.ts";
import { agentTaskProtection, withTaskProtection } from "./task-protection.ts";

const settings = loadContainerSettings();
const { jobTimeoutSeconds } = settings;
// An attempt holds its run as long as the consumer lets a job run, plus a margin for the release.
const lease = Math.min(60, Math.max(10, jobTimeoutSeconds));
// Counts are summed and printed as one EMF line every 10 s (and at exit), not one line per job.
const counts = runCounts(metrics);
publishEvery(counts, 10_000);
// No Lambda extension runs beside a container: the consumer keeps a Secrets Manager client.
const deps = await createRunnerDeps({
  leaseMs: jobTimeoutSeconds * 1000 + 5000,
  logger,
  counts,
  secrets: sdkSecretReader(new SecretsManagerClient({})),
});
// Protected while it holds a job, so a scale-in or a deployment stops only idle tasks.
const protection = agentTaskProtection({ jobTimeoutSeconds, logger, metrics });

const consumer = runContainerConsumer({
  client: new SQSClient({}),
  queueUrl: settings.queueUrl,
  concurrency: settings.concurrency,
  jobTimeoutSeconds,
  // A killed task's jobs come back after one lease, renewed every third of it while a job runs.
  visibilityTimeoutSeconds: lease,
  heartbeatSeconds: Math.max(1, Math.floor(lease / 3)),
  handle: withTaskProtection(protection, async (message) => {
    const outcome = await processJob(
      deps,
      jobMessage({
        messageId: message.MessageId ?? "",
        body: message.Body ?? "",
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
        ),
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? "1"),
      }),
    );
    return outcome.kind === "done" ? "done" : "retry";
  }),
  log: {
    debug: (message, extra) => logger.debug(message, { ...extra }),
    info: (message, extra) => logger.info(message, { ...extra }),
    warn: (message, extra) => logger.warn(message, { ...extra }),
    error: (message, extra) => logger.error(message, { ...extra }),
  },
});
logger.info("Agent consumer started", { queueUrl: settings.queueUrl });
await consumer.stopped;
