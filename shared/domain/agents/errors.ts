/**
 * The agent pipeline's failures, each with a stable code and a class callers match with
 * `instanceof`.
 */
import { AppError, ConflictError, NotFoundError } from "#shared/domain/errors";

/** The run is not where the caller last saw it (another worker or request moved it on). */
export class RunMovedError extends ConflictError {
  override readonly code = "RUN.MOVED";
  constructor(options?: { cause?: unknown }) {
    super("run moved", options);
  }
}

/** Another request claimed the run's subject (an idempotent agent's key) first. */
export class RunSubjectMovedError extends ConflictError {
  override readonly code = "RUN.SUBJECT_MOVED";
}

/** The tenant has no run with this id. */
export class RunNotFoundError extends NotFoundError {
  override readonly code = "RUN.NOT_FOUND";
  constructor(runId: string) {
    super(`Run ${runId} does not exist`);
  }
}

/** Another worker took the run over (this attempt's lease lapsed): this attempt's result is not written. */
export class RunLeaseLostError extends ConflictError {
  override readonly code = "RUN.LEASE_LOST";
  constructor(runId: string) {
    super(`The lease on run ${runId} passed to another worker`);
  }
}

/** No agent has this role. */
export class AgentNotFoundError extends NotFoundError {
  override readonly code = "AGENT.NOT_FOUND";
  constructor(role: string) {
    super(`No agent ${role}`);
  }
}

/** A fault of a run that retrying cannot cure (no agent serves it, its input or answer never fits): it fails at once. */
export class PermanentRunError extends AppError {
  readonly code = "RUN.PERMANENT_FAULT";
}
