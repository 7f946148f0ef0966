import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { input, output } from "zod/v4/core";
import { type AssignmentLookup, decideRouteAccess, decideTenant } from "#shared/domain/access/access-policy";
import { ForbiddenError, type NotFoundError } from "#shared/domain/errors";
import type { ApiDomainDeclaration, RouteDeclaration, Schema } from "#shared/platform/declaration/types";
import { pathParamNames, routeKeyOf } from "#shared/platform/declaration/validate";
import { logger, metrics } from "#shared/platform/observability";
import { traceInvocation } from "#shared/platform/tracing/invocation-middleware";
import { annotate } from "#shared/platform/tracing/invocation-trace";
import { type AuthFor, principalFrom } from "./auth-context.ts";
import { clientAddressOf } from "./client-address.ts";
import { correlationIdOf } from "./correlation.ts";
import { mapError } from "./error-mapper.ts";
import { MethodNotAllowedError, RouteNotFoundError } from "./errors.ts";
import type { Reply } from "./reply.ts";
import { parseInput } from "./request.ts";

type Out<S> = S extends undefined ? undefined : output<NonNullable<S>>;
/** The body a route's handler returns: what its declared `response` accepts, or anything. */
type ReplyBody<S> = S extends Schema ? input<S> : unknown;

/** What a route handler receives: validated input and the auth its declaration promises. */
export interface RouteRequest<R extends RouteDeclaration> {
  body: Out<R["body"]>;
  query: Out<R["query"]>;
  params: Out<R["params"]>;
  auth: AuthFor<R["access"]>;
  /** The correlation id; pass it on to jobs and events. */
  requestId: string;
  /** Headers (lower-case names) and cookies, for the few routes that need them. */
  headers: Readonly<Record<string, string | undefined>>;
  cookies: readonly string[];
  /**
   * The client's IP, for limits and audit: the viewer address CloudFront saw, on a request the
   * authorizer verified came through the front door; otherwise the peer's (`clientAddressOf`).
   */
  sourceIp: string;
}

export type RouteHandler<R extends RouteDeclaration> = (
  request: RouteRequest<R>,
) => Promise<Reply<ReplyBody<R["response"]>>>;

export type RouteHandlers<D extends ApiDomainDeclaration> = {
  [K in keyof D["routes"]]: RouteHandler<D["routes"][K]>;
};

export interface ApiHandlerOptions {
  /**
   * Whether a reviewer is assigned to a tenant. Required when the domain has a route whose tenant
   * comes from the path: the kit decides that per request, because the authorizer's cached answer
   * is keyed by token and route key, not by path.
   */
  isAssigned?: AssignmentLookup;
}

interface KitState {
  requestId: string;
}

const STATE = Symbol("kit");
type KitContext = Context & { [STATE]?: KitState };

/**
 * Builds a domain Lambda from its declaration and one handler per declared route (the type demands
 * all of them). The kit does, once for every route: correlation id, log keys (route, tenant, user),
 * tracing and metrics, body/query/path validation, the typed auth context and the error mapping.
 */
export function createApiHandler<D extends ApiDomainDeclaration>(
  domain: D,
  handlers: RouteHandlers<D>,
  options: ApiHandlerOptions = {},
) {
  const pathTenantRoutes = Object.values(domain.routes).filter((r) => r.access?.tenant.from === "path");
  const isAssigned: AssignmentLookup =
    options.isAssigned ??
    (async () => {
      throw new Error(`Domain ${domain.domain} has routes with a path tenant but no assignment lookup`);
    });
  if (pathTenantRoutes.length > 0 && !options.isAssigned) {
    throw new Error(`Domain ${domain.domain} has routes whose tenant comes from the path: pass isAssigned`);
  }
  const byKey = new Map<string, { route: RouteDeclaration; handler: RouteHandler<RouteDeclaration> }>();
  for (const [name, route] of Object.entries(domain.routes)) {
    const handler = (handlers as Record<string, RouteHandler<RouteDeclaration>>)[name];
    if (!handler) throw new Error(`No handler for route ${name} of domain ${domain.domain}`);
    byKey.set(routeKeyOf(route), { route, handler });
  }

  const kit: MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, KitContext> = {
    before: ({ event, context }) => {
      const requestId = correlationIdOf(event);
      context[STATE] = { requestId };
      // Both ids: the caller's correlation id, and API Gateway's, which the access log records.
      logger.appendKeys({
        correlation_id: requestId,
        apigw_request_id: event.requestContext?.requestId,
        route: event.routeKey,
      });
      annotate("correlationId", requestId);
    },
    after: (request) => {
      const state = request.context[STATE];
      if (request.response && state) {
        request.response.headers = { ...request.response.headers, "x-request-id": state.requestId };
      }
    },
    onError: (request) => {
      const requestId = request.context[STATE]?.requestId ?? correlationIdOf(request.event);
      const mapped = mapError(request.error, requestId);
      if (mapped.fault) {
        logger.error("Request failed", { error: request.error, status: mapped.statusCode });
        metrics.addMetric("ServerFault", MetricUnit.Count, 1);
      } else {
        logger.info("Request refused", { status: mapped.statusCode, code: mapped.body.error.code });
      }
      request.response = jsonResponse(mapped.statusCode, mapped.body, {
        ...mapped.headers,
        "x-request-id": requestId,
      });
    },
  };

  const route = async (
    event: APIGatewayProxyEventV2,
    context: KitContext,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = context[STATE]?.requestId ?? correlationIdOf(event);
    const entry = byKey.get(event.routeKey);
    if (!entry) throw unknownRoute(event, byKey);
    const { route, handler } = entry;
    // Access first: a caller refused the tenant learns nothing from how its input would be judged.
    const auth = await authFor(route, event, isAssigned);
    const input = parseInput(route, event);
    const client = clientAddressOf(event);
    if (client.source === "fallback") {
      // CloudFront's origin request policy should always add it: our fault, not the client's. The
      // edge's address is the safe fallback — its limits are shared, so stricter, never looser.
      logger.error("A request through the front door has no valid viewer address; using the edge's");
      metrics.addMetric("ViewerAddressMissing", MetricUnit.Count, 1);
    }
    const result = await handler({
      body: input.body as never,
      query: input.query as never,
      params: input.params as never,
      auth: auth as never,
      requestId,
      headers: event.headers ?? {},
      cookies: event.cookies ?? [],
      sourceIp: client.ip,
    });
    return jsonResponse(result.statusCode, result.body, result.headers ?? {}, result.cookies);
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, KitContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceInvocation())
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(kit)
    .handler(route);
}

/**
 * Resolves the auth context a route's declaration promises, or fails: never a silent `undefined`.
 * The role was decided by the authorizer (and is checked again here, cheaply); the tenant is decided
 * here, per request, because a path tenant is not part of the authorizer's cache key.
 */
async function authFor(
  route: RouteDeclaration,
  event: APIGatewayProxyEventV2,
  isAssigned: AssignmentLookup,
): Promise<unknown> {
  if (!route.access) return null;
  const lambda = (event.requestContext as { authorizer?: { lambda?: unknown } }).authorizer?.lambda;
  const principal = principalFrom(lambda);
  if (!principal) {
    // API Gateway runs the authorizer before every non-public route, so this is a wiring fault.
    throw new Error(`Route ${routeKeyOf(route)} reached the function without an authorizer context`);
  }
  logger.appendKeys({ user_id: principal.userId, role: principal.role });
  if (!decideRouteAccess(principal, route.access).allow) {
    throw new Error(
      `Route ${routeKeyOf(route)} reached the function with a principal the authorizer should have denied`,
    );
  }
  const decision = await decideTenant(principal, route.access, event.pathParameters ?? {}, isAssigned);
  if (!decision.allow) {
    logger.info("Tenant access denied", { reason: decision.reason });
    throw new ForbiddenError("You do not have access to this tenant");
  }
  if (decision.tenantId === undefined) return { principal };
  logger.appendKeys({ tenant_id: decision.tenantId });
  return { principal, tenantId: decision.tenantId };
}

function unknownRoute(
  event: APIGatewayProxyEventV2,
  routes: Map<string, { route: RouteDeclaration }>,
): NotFoundError | MethodNotAllowedError {
  const path = event.rawPath;
  const allowed = [...routes.values()]
    .filter(({ route }) => matchesTemplate(route.path, path))
    .map(({ route }) => route.method);
  return allowed.length > 0
    ? new MethodNotAllowedError(`${event.requestContext.http.method} is not allowed on ${path}`, allowed)
    : new RouteNotFoundError(`No route ${event.routeKey}`);
}

function matchesTemplate(template: string, path: string): boolean {
  let pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  for (const name of pathParamNames(template)) {
    pattern = pattern.replace(`{${name}\\+}`, ".+").replace(`{${name}}`, "[^/]+");
  }
  return new RegExp(`^${pattern}$`).test(path);
}

function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string>,
  cookies?: string[],
): APIGatewayProxyStructuredResultV2 {
  const response: APIGatewayProxyStructuredResultV2 = {
    statusCode,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...headers,
    },
    body: body === undefined ? "" : JSON.stringify(body),
  };
  if (cookies && cookies.length > 0) response.cookies = cookies;
  return response;
}
