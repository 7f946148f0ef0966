import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { safeParse } from "zod/v4/core";
import { JOB_ATTRIBUTES, type JobQueue } from "#shared/contracts/job-definition";
import { type ClientSource, lazyClient } from "./lazy-client.ts";

export class JobValidationError extends Error {
  constructor(
    readonly job: string,
    readonly issues: readonly { path: PropertyKey[]; message: string }[],
  ) {
    super(
      `Job ${job} payload does not match its schema: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    this.name = "JobValidationError";
  }
}

export interface JobQueueOptions {
  /** The SQS client, or how to make it on the first enqueue (`lazy-client.ts`). */
  client: ClientSource<SQSClient>;
  /** Resolves a declared queue name to its URL (from the function's environment). */
  queueUrl: (queue: string) => string;
}

/**
 * Enqueues zod-validated jobs. `MessageGroupId` is the tenant, so SQS fair queues keep one noisy
 * tenant from delaying the others; the correlation id and tenant ride as message attributes.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const client = lazyClient(options.client);
  return {
    async enqueue(job, payload, meta) {
      const parsed = safeParse(job.schema, payload);
      if (!parsed.success) throw new JobValidationError(job.name, parsed.error.issues);
      const attributes: Record<string, { DataType: "String"; StringValue: string }> = {
        [JOB_ATTRIBUTES.job]: { DataType: "String", StringValue: job.name },
        [JOB_ATTRIBUTES.correlationId]: { DataType: "String", StringValue: meta.correlationId },
        [JOB_ATTRIBUTES.tenantId]: { DataType: "String", StringValue: meta.tenantId },
      };
      if (meta.deduplicationId) {
        attributes[JOB_ATTRIBUTES.deduplicationId] = {
          DataType: "String",
          StringValue: meta.deduplicationId,
        };
      }
      const result = await client().send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl(job.queue),
          MessageBody: JSON.stringify(parsed.data),
          MessageGroupId: meta.tenantId,
          MessageAttributes: attributes,
          DelaySeconds: meta.delaySeconds,
        }),
      );
      if (!result.MessageId) throw new Error(`SQS accepted ${job.name} without a message id`);
      return result.MessageId;
    },
  };
}
