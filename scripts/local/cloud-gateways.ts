/**
 * The settings of the local cloud's two APIs, generated from the declaration: the HTTP API (routes,
 * authorizer, cache, integration timeout) and, when the declaration has `realtime`, the WebSocket API
 * (the `$connect` authorizer and the route functions).
 */
import { realtimeStageName } from "#shared/platform/declaration/naming";
import type { FunctionDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { isPublicRoute, routeKeyOf } from "#shared/platform/declaration/validate";
import type { AwsCallLog } from "./aws-calls.ts";
import type { GatewayOptions } from "./gateway/gateway.ts";
import type { WebSocketGatewayOptions } from "./gateway/websocket-gateway.ts";
import type { LambdaRuntime, LocalFunction } from "./lambda-runtime.ts";
import type { Log } from "./log.ts";

/** What both APIs are built from. */
export interface CloudGatewaysContext {
  declaration: PlatformDeclaration;
  region: string;
  account: string;
  stage: string;
  runtime: LambdaRuntime;
  /** A declared function as the runtime runs it, under its deployed name. */
  functionOf(fn: FunctionDeclaration): LocalFunction;
  log: Log;
}

/** The local HTTP API's settings. */
export interface HttpGatewaySettings {
  publicRoutes: readonly string[];
  /** Overrides the declared authorizer cache TTL. */
  authorizerCacheTtlSeconds: number | undefined;
  integrationTimeoutMs: number;
}

/** The local WebSocket API's limits, shortened by tests. */
export type WebSocketLimits = Pick<WebSocketGatewayOptions, "idleTimeoutMs" | "maxConnectionMs">;

/** The HTTP API serving every declared route on `port`. */
export function httpGatewayOptions(
  context: CloudGatewaysContext,
  settings: HttpGatewaySettings,
  port: number,
): GatewayOptions {
  const { declaration, functionOf } = context;
  return {
    port,
    routes: declaration.api.flatMap((domain) =>
      Object.values(domain.routes).map((route) => {
        const key = routeKeyOf(route);
        return {
          key,
          method: route.method,
          path: route.path,
          target: { fn: functionOf(domain), public: isPublicRoute(key, settings.publicRoutes) },
        };
      }),
    ),
    authorizer: {
      ...functionOf(declaration.authorizer),
      identitySource: declaration.authorizer.identitySource,
      ...(declaration.authorizer.publicIdentitySource
        ? { publicIdentitySource: declaration.authorizer.publicIdentitySource }
        : {}),
    },
    authorizerCacheTtlSeconds:
      settings.authorizerCacheTtlSeconds ?? declaration.authorizer.resultsCacheTtlSeconds ?? 30,
    integrationTimeoutMs: settings.integrationTimeoutMs,
    runtime: context.runtime,
    api: { apiId: "local", region: context.region, account: context.account, domainName: "127.0.0.1" },
    log: context.log,
  };
}

/**
 * The API id of the local WebSocket API in its ARNs (`arn:aws:execute-api:{region}:{account}:{apiId}/…`):
 * what the management API records and a grant on the deployed API's `@connections` resolves to.
 */
export const LOCAL_WEBSOCKET_API_ID = "realtime";

/**
 * The WebSocket API of the declaration's `realtime` on `port`, its stage named after the declared path
 * as in AWS (`/ws` → `ws`, so the management endpoint is `http://127.0.0.1:<port>/ws` and a grant on
 * the deployed stage's `@connections` covers the local calls); `undefined` without `realtime`.
 */
export function webSocketGatewayOptions(
  context: CloudGatewaysContext,
  limits: WebSocketLimits,
  calls: AwsCallLog,
  port: number,
): WebSocketGatewayOptions | undefined {
  const { realtime } = context.declaration;
  if (realtime === undefined) return undefined;
  return {
    port,
    api: {
      apiId: LOCAL_WEBSOCKET_API_ID,
      region: context.region,
      account: context.account,
      domainName: "127.0.0.1",
      stage: realtimeStageName(realtime.path),
    },
    authorizer: {
      ...context.functionOf(realtime.authorizer),
      identitySource: realtime.authorizer.identitySource,
    },
    routes: Object.fromEntries(
      Object.entries(realtime.routes).map(([routeKey, fn]) => [routeKey, context.functionOf(fn)]),
    ),
    runtime: context.runtime,
    ...limits,
    calls,
    log: context.log,
  };
}
