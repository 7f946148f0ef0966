/**
 * The application's errors. Each carries a stable `code`, a message fit for the caller and an
 * optional `cause`; none knows about HTTP. `shared/platform/http/error-mapper.ts` is the one place
 * that turns them into statuses.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  /** Facts the caller may act on (never internals), sent as `error.details`. */
  readonly details?: Readonly<Record<string, unknown>>;
  constructor(message: string, options?: { cause?: unknown; details?: Readonly<Record<string, unknown>> }) {
    super(message, options);
    this.name = new.target.name;
    if (options?.details) this.details = options.details;
  }
}

/** One field that failed validation: `path` is where in the client's own input (`input.topic`, `tags.0`). */
export interface FieldProblem {
  /** Where the field came from. */
  in: "body" | "query" | "path" | "cursor";
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly code: string = "VALIDATION_ERROR";
  readonly fields: readonly FieldProblem[];
  constructor(message: string, fields: readonly FieldProblem[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.fields = fields;
  }
}

export class UnauthorizedError extends AppError {
  readonly code = "UNAUTHORIZED";
}

export class ForbiddenError extends AppError {
  readonly code = "FORBIDDEN";
}

export class NotFoundError extends AppError {
  readonly code: string = "NOT_FOUND";
}

export class ConflictError extends AppError {
  readonly code: string = "CONFLICT";
}

export class RateLimitedError extends AppError {
  readonly code = "RATE_LIMITED";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A dependency the request needs is not reachable now; the caller may retry. */
export class DependencyUnavailableError extends AppError {
  readonly code = "DEPENDENCY_UNAVAILABLE";
}

/** The tenant's spendable credits do not cover what the request would reserve. */
export class InsufficientCreditsError extends AppError {
  readonly code = "INSUFFICIENT_CREDITS";
}

/** A versioned write lost to another: the item changed since it was read. Read again, then retry. */
export class StaleVersionError extends ConflictError {
  override readonly code = "DATA.STALE_VERSION";
}

/** Another transaction on the same items was in progress. Retry. */
export class WriteConflictError extends ConflictError {
  override readonly code = "DATA.TRANSACTION_CONFLICT";
}

/** An item that must be new already exists. */
export class AlreadyExistsError extends ConflictError {
  override readonly code = "DATA.ALREADY_EXISTS";
}
