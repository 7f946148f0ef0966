import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type $ZodType, type input, safeParse } from "zod/v4/core";
import type { TenantId } from "#shared/platform/tenant-id";

/** A job type: the queue it goes to and the schema of its payload (checked at enqueue and dequeue). */
export interface JobDefinition<S extends $ZodType = $ZodType> {
  name: string;
  /** The declared queue's name. */
  queue: string;
  schema: S;
}

export function defineJob<S extends $ZodType>(name: string, queue: string, schema: S): JobDefinition<S> {
  return { name, queue, schema };
}

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

/** Message attribute names every job carries. */
export const JOB_ATTRIBUTES = {
  job: "job",
  correlationId: "correlationId",
  tenantId: "tenantId",
  deduplicationId: "deduplicationId",
} as const;

export interface EnqueueMeta {
  tenantId: TenantId;
  correlationId: string;
  /**
   * Marks an idempotent job: the consumer processes a given id once (standard queues take no
   * `MessageDeduplicationId`, so the id travels as a message attribute for the consumer's
   * idempotency check).
   */
  deduplicationId?: string;
  delaySeconds?: number;
}

export interface JobQueueOptions {
  client: SQSClient;
  /** Resolves a declared queue name to its URL (from the function's environment). */
  queueUrl: (queue: string) => string;
}

/**
 * Enqueues zod-validated jobs. `MessageGroupId` is the tenant, so SQS fair queues keep one noisy
 * tenant from delaying the others; the correlation id and tenant ride as message attributes.
 */
export function createJobQueue(options: JobQueueOptions) {
  return {
    async enqueue<S extends $ZodType>(
      job: JobDefinition<S>,
      payload: input<S>,
      meta: EnqueueMeta,
    ): Promise<string> {
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
      const result = await options.client.send(
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

export type JobQueue = ReturnType<typeof createJobQueue>;
