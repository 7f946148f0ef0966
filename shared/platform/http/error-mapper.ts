import {
  AppError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  InsufficientCreditsError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "#shared/domain/errors";
import { isThrottling } from "#shared/platform/aws-errors";
import {
  MalformedJsonError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from "./errors.ts";

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    fields?: { in: string; path: string; message: string }[];
    details?: Readonly<Record<string, unknown>>;
  };
}

export interface MappedError {
  statusCode: number;
  headers: Record<string, string>;
  body: ErrorBody;
  /** True when the error is a fault of ours (5xx) and must be logged as an error with its cause. */
  fault: boolean;
}

const STATUS: ReadonlyArray<readonly [abstract new (...args: never[]) => AppError, number]> = [
  [ValidationError, 400],
  [MalformedJsonError, 400],
  [UnauthorizedError, 401],
  [InsufficientCreditsError, 402],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [MethodNotAllowedError, 405],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [RateLimitedError, 429],
  [DependencyUnavailableError, 503],
];

/** Most problems one answer lists: a body of thousands of wrong items is told by its first ones. */
export const MAX_LISTED_PROBLEMS = 50;

/**
 * The one mapper from errors to responses. Application errors below 500 reveal their message; an AWS
 * service still throttling after the SDK's retries is a 503, as the table kit's own throttling
 * answers are; anything else becomes a generic 500. Validation problems are listed as raised: the
 * client's own field path and words written for people, never a schema's internals.
 */
export function mapError(thrown: unknown, requestId: string): MappedError {
  const error = isThrottling(thrown)
    ? new DependencyUnavailableError("A service the platform depends on is busy; retry shortly", {
        cause: thrown,
      })
    : thrown;
  const entry = error instanceof AppError ? STATUS.find(([type]) => error instanceof type) : undefined;
  if (!entry || !(error instanceof AppError)) {
    return {
      statusCode: 500,
      headers: {},
      body: { error: { code: "INTERNAL_ERROR", message: "Internal server error", requestId } },
      fault: true,
    };
  }
  const [, statusCode] = entry;
  const headers: Record<string, string> = {};
  if (error instanceof RateLimitedError)
    headers["retry-after"] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  if (error instanceof MethodNotAllowedError) headers.allow = error.allowedMethods.join(", ");
  const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
  if (error.details) body.error.details = error.details;
  if (error instanceof ValidationError && error.fields.length > 0) {
    const listed = error.fields.slice(0, MAX_LISTED_PROBLEMS);
    body.error.fields = listed.map((f) => ({ in: f.in, path: f.path, message: f.message }));
    if (listed.length < error.fields.length) {
      body.error.message = `${error.message}: ${error.fields.length} problems, the first ${listed.length} listed`;
    }
  }
  return { statusCode, headers, body, fault: statusCode >= 500 };
}
