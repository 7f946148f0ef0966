import { randomBytes } from "node:crypto";

/**
 * An X-Ray subsegment document, sent on its own to the daemon (so it names its trace and parent).
 * The fields are X-Ray's segment-document schema; only those the platform records are typed.
 */
export interface SubsegmentDocument {
  type: "subsegment";
  name: string;
  id: string;
  trace_id: string;
  parent_id: string;
  /** Epoch seconds, with fractions. */
  start_time: number;
  end_time: number;
  namespace?: "aws" | "remote";
  annotations?: Record<string, string | number | boolean>;
  aws?: AwsCallFields;
  http?: { response: { status: number } };
  /** A client error (4xx). */
  error?: true;
  /** A server error (5xx), or a failure of our own. */
  fault?: true;
  /** Throttled (429, or an SDK throttling error). */
  throttle?: true;
  cause?: { exceptions: ExceptionFields[] };
}

/** The `aws` object of a subsegment for an AWS call. */
export interface AwsCallFields {
  operation: string;
  region?: string;
  request_id?: string;
  retries?: number;
  table_name?: string;
  queue_url?: string;
}

interface ExceptionFields {
  id: string;
  type: string;
  message: string;
  /** Raised by the service called, not by our code. */
  remote?: true;
}

/** A new 16-hex segment id. */
export function newSegmentId(): string {
  return randomBytes(8).toString("hex");
}

/** Now, in the epoch seconds X-Ray documents use. */
export function epochSeconds(now: number = Date.now()): number {
  return now / 1000;
}

/**
 * The `cause` of a failed subsegment: the error's type and message (never its stack: the traces are
 * read by more people than the logs, and the logs already hold it with the correlation id).
 */
export function causeOf(error: unknown, remote: boolean): NonNullable<SubsegmentDocument["cause"]> {
  const type = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { exceptions: [{ id: newSegmentId(), type, message, ...(remote ? { remote: true } : {}) }] };
}

/** The flags X-Ray derives from an HTTP status: 429 throttle (and error), other 4xx error, 5xx fault. */
export function statusFlags(
  status: number | undefined,
): Pick<SubsegmentDocument, "error" | "fault" | "throttle"> {
  if (status === undefined) return {};
  if (status === 429) return { error: true, throttle: true };
  if (status >= 500) return { fault: true };
  if (status >= 400) return { error: true };
  return {};
}
