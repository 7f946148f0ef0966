/**
 * How a job is declared: its name, the queue it goes to and the zod schema of its payload, and the
 * message attributes every job carries. Contracts declare jobs with it; the SQS adapter
 * (`shared/adapters/jobs.ts`) validates and enqueues them, and consumers read the attributes.
 */
import type { $ZodType } from "zod/v4/core";

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
