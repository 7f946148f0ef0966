import {
  type ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { ConnectionPoster } from "#shared/domain/realtime/ports";
import { traceAwsClient } from "#shared/platform/tracing/aws-client-tracing";

/**
 * The WebSocket API's `@connections` endpoint (its client is built on `REALTIME_ENDPOINT`, see
 * `loadBindings`). A connection that no longer exists answers `GoneException` (HTTP 410): that is
 * reported as `gone`, distinctly; every other failure is thrown to the caller.
 */
export function createConnectionPoster(client: ApiGatewayManagementApiClient): ConnectionPoster {
  traceAwsClient(client);
  const encoder = new TextEncoder();
  return {
    async post(connectionId, message) {
      try {
        await client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(message) }),
        );
        return "sent";
      } catch (error) {
        if (isGone(error)) return "gone";
        throw error;
      }
    },
  };
}

/** API Gateway's answer for a closed connection: `GoneException`, status 410. */
function isGone(error: unknown): boolean {
  if (error instanceof GoneException) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status === 410;
}
