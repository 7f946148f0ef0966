/**
 * How a job is declared: its name, the queue it goes to and the zod schema of its payload, the
 * message attributes every job carries, and the port that enqueues jobs. Contracts declare jobs with
 * it; the SQS adapter (`shared/adapters/jobs.ts`) implements the port, and consumers read the
 * attributes.
 */
import type { $ZodType, input } from "zod/v4/core";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

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

/** Message attribute names every job carries. */
export const JOB_ATTRIBUTES = {
  job: "job",
  correlationId: "correlationId",
  tenantId: "tenantId",
  deduplicationId: "deduplicationId",
} as const;

/** What travels with a job besides its payload. */
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

/** Enqueues jobs (the port; `createJobQueue` is the SQS adapter). */
export interface JobQueue {
  /**
   * Validates `payload` against the job's schema, then sends it to the job's queue; answers the
   * message id. A payload that does not match throws, and nothing is sent.
   */
  enqueue<S extends $ZodType>(job: JobDefinition<S>, payload: input<S>, meta: EnqueueMeta): Promise<string>;
}
