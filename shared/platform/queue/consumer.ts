/** What a queue consumer and its job handlers share: outcomes, the log it needs, why a job aborted. */

/** What a job handler answers: the message is finished (deleted) or should be tried again soon. */
export type JobOutcome = "done" | "retry";

/** Structured logging the consumer needs; Powertools' `Logger` fits. */
export interface ConsumerLog {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** Why a job's signal aborted. */
export class JobTimeoutError extends Error {
  readonly code = "QUEUE.JOB_TIMEOUT";
  constructor(readonly seconds: number) {
    super(`the job ran longer than its timeout of ${seconds} s`);
    this.name = "JobTimeoutError";
  }
}

export class ConsumerShutdownError extends Error {
  readonly code = "QUEUE.CONSUMER_SHUTDOWN";
  constructor() {
    super("the consumer is shutting down");
    this.name = "ConsumerShutdownError";
  }
}
