import type { QueueAttributeName, SQSClient } from "@aws-sdk/client-sqs";
import {
  type DeadLetter,
  type MoveTask,
  PEEK_MAX,
  type QueueOpsPort,
  type QueueStatus,
  type Redrive,
} from "#shared/domain/ops/agent-queues";
import { RedriveRunningError } from "#shared/domain/ops/errors";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import { traceAwsClient } from "#shared/platform/tracing/aws-client-tracing";

/** `@aws-sdk/client-sqs`, as loaded on the first operation. */
type SqsModule = typeof import("@aws-sdk/client-sqs");

export interface QueueOpsOptions {
  /**
   * The SQS client, or how to make one from the SDK once it is loaded. Either way the SDK module is
   * loaded on the first operation, not with this module: a function that inspects queues only on a
   * rare path (the ops routes) lists `@aws-sdk/client-sqs` in its `runtimeProvidedModules` and passes
   * a factory, so its cold start compiles no SQS client (docs/decisions/0004-cold-start-budget.md).
   */
  client: SQSClient | ((sdk: SqsModule) => SQSClient);
  /** The URL of a declared queue (or derived DLQ) by its declared name. */
  queueUrl: (queue: string) => string | Promise<string>;
}

/** How long a peek hides the messages it reads before it makes them visible again (if it could not). */
const PEEK_VISIBILITY_SECONDS = 20;

/**
 * The ops side of job queues, by declared name, through the SQS API alone, so it works the same on
 * AWS and on the local cloud: queue depths, a look at a DLQ's messages, a redrive back to the source.
 *
 * A peek receives messages and at once makes them visible again (ChangeMessageVisibility 0). It counts
 * as a receive: each message's `ApproximateReceiveCount` goes up by one. That is harmless on a DLQ,
 * which has no redrive policy of its own; never peek at a job queue this way (a receive there brings a
 * message closer to its DLQ), which is why peeking takes a DLQ's name.
 */
export function createQueueOps(options: QueueOpsOptions): QueueOpsPort {
  let loading: Promise<{ sdk: SqsModule; client: SQSClient }> | undefined;
  /** The SDK and the client, loaded once; a failed load is tried again by the next operation. */
  const sqs = () => {
    loading ??= import("@aws-sdk/client-sqs").then(
      (sdk) => ({
        sdk,
        client: traceAwsClient(typeof options.client === "function" ? options.client(sdk) : options.client),
      }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const arns = new Map<string, Promise<string>>();

  const attributes = async (queue: string, names: QueueAttributeName[]) => {
    const { sdk, client } = await sqs();
    const { Attributes = {} } = await client.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl: await options.queueUrl(queue), AttributeNames: names }),
    );
    return Attributes;
  };
  const count = (value: string | undefined) => Number(value ?? "0");
  const arnOf = (queue: string): Promise<string> => {
    let arn = arns.get(queue);
    if (arn === undefined) {
      arn = attributes(queue, ["QueueArn"]).then((a) => {
        if (!a.QueueArn) throw new Error(`SQS answered no QueueArn for ${queue}`);
        return a.QueueArn;
      });
      arns.set(queue, arn);
      arn.catch(() => arns.delete(queue));
    }
    return arn;
  };

  const moveTasks = async (dlq: string, max = 10): Promise<MoveTask[]> => {
    const { sdk, client } = await sqs();
    const { Results = [] } = await client.send(
      new sdk.ListMessageMoveTasksCommand({ SourceArn: await arnOf(dlq), MaxResults: max }),
    );
    return Results.map((r) => ({
      status: (r.Status ?? "FAILED") as MoveTask["status"],
      ...(r.TaskHandle ? { taskHandle: r.TaskHandle } : {}),
      moved: r.ApproximateNumberOfMessagesMoved ?? 0,
      ...(r.ApproximateNumberOfMessagesToMove === undefined
        ? {}
        : { toMove: r.ApproximateNumberOfMessagesToMove }),
      ...(r.StartedTimestamp === undefined ? {} : { startedAt: new Date(r.StartedTimestamp) }),
      ...(r.FailureReason ? { failureReason: r.FailureReason } : {}),
    }));
  };

  return {
    /** Depth, in flight and delayed of a job queue, and the depth of its DLQ (`<queue>-dlq`). */
    async queueStatus(queue: string): Promise<QueueStatus> {
      const [own, dead] = await Promise.all([
        attributes(queue, [
          "ApproximateNumberOfMessages",
          "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed",
        ]),
        attributes(deadLetterQueueName(queue), ["ApproximateNumberOfMessages"]),
      ]);
      return {
        queue,
        depth: count(own.ApproximateNumberOfMessages),
        inFlight: count(own.ApproximateNumberOfMessagesNotVisible),
        delayed: count(own.ApproximateNumberOfMessagesDelayed),
        dlqDepth: count(dead.ApproximateNumberOfMessages),
      };
    },

    /**
     * Up to `limit` (≤ 50) messages of a dead-letter queue, each once, left where they were: received
     * with a short visibility timeout, then made visible again at once. A DLQ with more messages than
     * `limit` shows some of them, not necessarily the oldest (SQS promises no order).
     */
    async peekDeadLetters(dlq: string, limit: number): Promise<DeadLetter[]> {
      const { sdk, client } = await sqs();
      const QueueUrl = await options.queueUrl(dlq);
      const wanted = Math.max(1, Math.min(PEEK_MAX, Math.floor(limit)));
      const seen = new Map<string, DeadLetter>();
      const receipts: string[] = [];
      try {
        // Each receive hides what it returns, so the next one returns others; stop when one adds nothing.
        while (seen.size < wanted) {
          const { Messages = [] } = await client.send(
            new sdk.ReceiveMessageCommand({
              QueueUrl,
              MaxNumberOfMessages: Math.min(10, wanted - seen.size),
              VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
              // Long polling asks every SQS server, so a small DLQ answers what it holds.
              WaitTimeSeconds: 1,
              MessageAttributeNames: ["All"],
              MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
            }),
          );
          let added = 0;
          for (const message of Messages) {
            if (message.ReceiptHandle) receipts.push(message.ReceiptHandle);
            if (!message.MessageId || seen.has(message.MessageId)) continue;
            const strings: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
              if (value.StringValue !== undefined) strings[name] = value.StringValue;
            }
            seen.set(message.MessageId, {
              messageId: message.MessageId,
              body: message.Body ?? "",
              attributes: strings,
              receiveCount: count(message.Attributes?.ApproximateReceiveCount),
              sentAt: new Date(count(message.Attributes?.SentTimestamp)),
            });
            added++;
          }
          if (added === 0) break;
        }
      } finally {
        await release(QueueUrl, receipts);
      }
      return [...seen.values()];
    },

    /**
     * Starts moving every message of a DLQ back to its source queue (`StartMessageMoveTask` with no
     * `DestinationArn`, as the console's "redrive to source"). Refused while a redrive of the DLQ runs.
     */
    async redrive(dlq: string): Promise<Redrive> {
      const [running] = (await moveTasks(dlq, 1)).filter((t) => t.status === "RUNNING");
      if (running) {
        throw new RedriveRunningError(`A redrive of ${dlq} is already running`);
      }
      const messagesToMove = count(
        (await attributes(dlq, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages,
      );
      const { sdk, client } = await sqs();
      const { TaskHandle } = await client.send(
        new sdk.StartMessageMoveTaskCommand({ SourceArn: await arnOf(dlq) }),
      );
      if (!TaskHandle) throw new Error(`SQS started a move task from ${dlq} without a task handle`);
      return { taskHandle: TaskHandle, messagesToMove };
    },

    /** The most recent redrives of a DLQ (at most 10), newest first. */
    moveTasks,
  };

  /** Makes peeked messages visible again; SQS takes at most 10 receipts a call. */
  async function release(QueueUrl: string, receipts: readonly string[]): Promise<void> {
    const { sdk, client } = await sqs();
    for (let i = 0; i < receipts.length; i += 10) {
      const batch = receipts.slice(i, i + 10);
      const { Failed = [] } = await client.send(
        new sdk.ChangeMessageVisibilityBatchCommand({
          QueueUrl,
          Entries: batch.map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
      // Such a message reappears after PEEK_VISIBILITY_SECONDS anyway, but the caller should know.
      if (Failed.length > 0) {
        throw new Error(
          `Could not make ${Failed.length} peeked message(s) visible again at once: ${Failed[0]?.Code} ${Failed[0]?.Message}`,
        );
      }
    }
  }
}
