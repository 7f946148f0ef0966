/** The ops context's failures, each with a stable code and a class callers match with `instanceof`. */
import { ConflictError, NotFoundError } from "#shared/domain/errors";

/** No agent has this role, so it has no queue. */
export class UnknownAgentError extends NotFoundError {
  override readonly code = "QUEUES.UNKNOWN_AGENT";
}

/** A redrive of this dead-letter queue is already moving messages. */
export class RedriveRunningError extends ConflictError {
  override readonly code = "QUEUES.REDRIVE_RUNNING";
}
