/**
 * The Lambda consumer of a short agent's queue. Each record is one job; Powertools' batch processor
 * reports the ones to deliver again as `batchItemFailures` (never an empty list after a failure), so
 * the rest of the batch is deleted.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type JobMessage, processJob } from "#shared/domain/agents/process-job";
import { logger, metrics } from "#shared/platform/observability";
import { jobMessage } from "./job-message.ts";
import { createRunnerDeps, runCounts } from "./runner-deps.ts";

/** A job to deliver again: the batch processor lists its record in `batchItemFailures`. */
class RetryLaterError extends Error {
  constructor(messageId: string) {
    super(`Job ${messageId} goes back to its queue`);
    this.name = "RetryLaterError";
  }
}

// The batch's counts are summed and printed as one EMF line when the invocation ends.
const counts = runCounts(metrics);
const deps = await createRunnerDeps({ leaseMs: 0, logger, counts });
const processor = new BatchProcessor(EventType.SQS);
const sqs = new SQSClient({});
const queueUrls = new Map<string, Promise<string>>();

/** The URL of a record's queue, from its ARN (asked of SQS once, so it is right in any partition or endpoint). */
function queueUrlOf(arn: string): Promise<string> {
  let url = queueUrls.get(arn);
  if (!url) {
    const [, , , , account, name] = arn.split(":");
    url = sqs
      .send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))
      .then((r) => r.QueueUrl ?? Promise.reject(new Error(`SQS knows no queue ${arn}`)));
    url.catch(() => queueUrls.delete(arn));
    queueUrls.set(arn, url);
  }
  return url;
}

/**
 * Delays a job's next delivery: its visibility timeout becomes the backoff, instead of the queue's
 * (long) default. If that fails the job is still retried, only sooner, so the fault is logged and the
 * record still reported failed.
 */
async function delayNextDelivery(record: SQSRecord, seconds: number): Promise<void> {
  try {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: await queueUrlOf(record.eventSourceARN),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  } catch (error) {
    logger.warn("Could not delay a job's next delivery; it returns after the queue's visibility timeout", {
      error,
      messageId: record.messageId,
    });
  }
}

export function jobMessageOf(record: SQSRecord): JobMessage {
  return jobMessage({
    messageId: record.messageId,
    body: record.body,
    attributes: Object.fromEntries(
      Object.entries(record.messageAttributes ?? {}).map(([name, value]) => [name, value.stringValue]),
    ),
    receiveCount: Number(record.attributes.ApproximateReceiveCount ?? "1"),
  });
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  // An attempt holds its run for as long as this invocation can live, so a run whose worker was
  // killed by the timeout can be claimed by the next delivery.
  const leaseMs = context.getRemainingTimeInMillis() + 1000;
  // Once per sandbox, a line of its own (dimension `function_name`), as the API functions print it.
  metrics.captureColdStartMetric(context.functionName);
  try {
    return await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const outcome = await processJob({ ...deps, leaseMs }, jobMessageOf(record));
        if (outcome.kind === "retry") {
          await delayNextDelivery(record, outcome.delaySeconds);
          throw new RetryLaterError(record.messageId);
        }
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  } finally {
    counts.publish();
  }
}
