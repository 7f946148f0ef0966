import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** Accepted shape of a caller-supplied `x-request-id`: printable, no spaces, at most 128 characters. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The correlation id of a request: the caller's `x-request-id` when it is well-formed, otherwise API
 * Gateway's request id. It is echoed on every response, appended to every log line and carried into
 * jobs and events.
 */
export function correlationIdOf(event: Pick<APIGatewayProxyEventV2, "headers" | "requestContext">): string {
  const supplied = event.headers?.["x-request-id"];
  if (supplied && REQUEST_ID.test(supplied)) return supplied;
  return event.requestContext?.requestId ?? "unknown";
}
