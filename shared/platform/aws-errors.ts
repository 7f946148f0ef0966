/** How AWS SDK errors are told apart where the platform answers or records them. */

/** Throttling errors by their documented names (as the SDK's retry strategy knows them), or so modelled. */
const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "SlowDown",
]);

export function isThrottling(error: unknown): boolean {
  const { name, $retryable } = error as { name?: unknown; $retryable?: { throttling?: boolean } };
  return $retryable?.throttling === true || (typeof name === "string" && THROTTLING.has(name));
}
