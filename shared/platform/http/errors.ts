/**
 * Errors of the HTTP transport itself — a body that is not JSON, of another media type or too large,
 * a method the path does not serve. They are the handler kit's, not the domain's; the error mapper
 * (`error-mapper.ts`) turns them into statuses like every other `AppError`.
 */
import { AppError, NotFoundError } from "#shared/domain/errors";

export class MalformedJsonError extends AppError {
  readonly code = "MALFORMED_JSON";
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = "UNSUPPORTED_MEDIA_TYPE";
}

export class PayloadTooLargeError extends AppError {
  readonly code = "PAYLOAD_TOO_LARGE";
}

export class MethodNotAllowedError extends AppError {
  readonly code = "METHOD_NOT_ALLOWED";
  constructor(
    message: string,
    readonly allowedMethods: readonly string[],
  ) {
    super(message);
  }
}

/** No declared route has this route key. */
export class RouteNotFoundError extends NotFoundError {
  override readonly code = "ROUTE_NOT_FOUND";
}
