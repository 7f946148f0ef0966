/** How the store reads the client's failures: by the HTTP status of a response, else as unreachable. */
import { DependencyUnavailableError } from "#shared/domain/errors";

/** The HTTP status of a failed request, if the node answered. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { statusCode?: unknown; meta?: { statusCode?: unknown } }).statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * The error to throw for a failed request: unreachable, timed out, throttled or unavailable → 503
 * `DEPENDENCY_UNAVAILABLE` (the caller may retry); anything else is a defect of the request and stays
 * what it was (a 500, logged with its cause).
 */
export function failureOf(error: unknown, doing: string): unknown {
  const status = statusOf(error);
  const name = error instanceof Error ? error.name : "";
  const transient =
    status === undefined
      ? ["ConnectionError", "TimeoutError", "NoLivingConnectionsError", "RequestAbortedError"].includes(name)
      : status === 429 || status === 502 || status === 503 || status === 504;
  return transient
    ? new DependencyUnavailableError(`Search could not ${doing}; retry shortly`, { cause: error })
    : error;
}
