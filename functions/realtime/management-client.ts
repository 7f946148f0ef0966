import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { createConnectionPoster } from "#shared/adapters/connections";
import type { ConnectionPoster } from "#shared/domain/realtime/ports";

/** The `@connections` poster of a function bound with `managesConnections`. */
export function connectionPoster(bound: { readonly realtimeEndpoint: string }): ConnectionPoster {
  return createConnectionPoster(new ApiGatewayManagementApiClient({ endpoint: bound.realtimeEndpoint }));
}
