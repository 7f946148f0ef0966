/**
 * Failures of the API as the portal understands them. Two bodies reach it: the platform's own
 * `{ "error": { code, message, requestId, fields? } }`, and API Gateway's `{ "message": … }` when the
 * gateway or its authorizer refuses a request before any handler runs (401, 403, 429, 503).
 */

/** A field the server refused, keyed by the form field it belongs to (`""` when none). */
export interface FieldError {
  field: string;
  message: string;
  /** The whole path the server named (`input.topic`, `body.posts.0.text`), when it named one. */
  path?: string;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
  }

  /** The session is over (expired, revoked or the user suspended): only signing in again helps. */
  get endsSession(): boolean {
    return this.status === 401;
  }
}

/** The gateway's refusals have no code of ours; name them by status. */
const GATEWAY_CODES: Record<number, string> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  429: "RATE_LIMITED",
  500: "INTERNAL_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

const FALLBACK_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: "Your session has ended. Please sign in again.",
  FORBIDDEN: "You do not have access to this.",
  RATE_LIMITED: "Too many requests. Wait a moment and try again.",
  SERVICE_UNAVAILABLE: "The service is busy. Try again in a moment.",
};

/** The field a server-side issue names: its first path segment (`""` for the whole body, `(root)`). */
function fieldOf(issue: { path?: unknown }): string {
  if (typeof issue.path !== "string" || issue.path === "(root)") return "";
  return issue.path.split(".")[0] ?? "";
}

/**
 * A field's problem said where no field shows it (above a form): the server's words for the field
 * alone ("Must be text"), so the path goes in front, unless the problem is the whole body's.
 */
export function withItsPath(issue: { path?: string; message: string }): string {
  return issue.path && issue.path !== "(root)" ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Reads a failed answer's body (already parsed, or `undefined` when it was not JSON). */
export function apiErrorOf(status: number, body: unknown, requestIdHeader?: string | null): ApiError {
  if (isObject(body) && isObject(body.error)) {
    const error = body.error;
    const code = typeof error.code === "string" ? error.code : (GATEWAY_CODES[status] ?? "ERROR");
    const fields = Array.isArray(error.fields)
      ? error.fields.filter(isObject).map((issue) => ({
          field: fieldOf(issue),
          message: typeof issue.message === "string" ? issue.message : "Invalid value",
          ...(typeof issue.path === "string" && issue.path !== "" ? { path: issue.path } : {}),
        }))
      : [];
    return new ApiError(
      status,
      code,
      typeof error.message === "string" ? error.message : "The request failed",
      typeof error.requestId === "string" ? error.requestId : (requestIdHeader ?? undefined),
      fields,
    );
  }
  const code = GATEWAY_CODES[status] ?? "ERROR";
  const gatewayMessage = isObject(body) && typeof body.message === "string" ? body.message : undefined;
  const message =
    FALLBACK_MESSAGES[code] ?? gatewayMessage ?? `The request failed (${status}). Try again in a moment.`;
  return new ApiError(status, code, message, requestIdHeader ?? undefined);
}

/** The first message for each field of a validation failure. */
export function fieldMessages(error: unknown): Record<string, string> {
  const messages: Record<string, string> = {};
  if (!(error instanceof ApiError)) return messages;
  for (const { field, message } of error.fields) {
    if (field && !(field in messages)) messages[field] = message;
  }
  return messages;
}

/** What to tell a person about any failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The network is unreachable. Check your connection and try again.";
  return "Something went wrong. Try again in a moment.";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
