import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { LambdaRuntime, LocalFunction } from "../lambda-runtime.ts";
import type { Log } from "../log.ts";
import { close, createServer, listen, readBody } from "../net.ts";
import { gatewayTraceHeader } from "../xray-daemon.ts";
import { AuthorizerCache, parseSimpleResponse } from "./authorizer-cache.ts";
import {
  type ApiIdentity,
  authorizerEventOf,
  type GatewayRequest,
  identitySourceValues,
  proxyEventOf,
} from "./http-api-event.ts";
import { GATEWAY_ERRORS, type GatewayResponse, responseOf } from "./http-api-response.ts";
import { type GatewayRoute, RouteTable } from "./route-table.ts";

/** HTTP API's payload limit: a larger request never reaches the integration. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/**
 * HTTP API's quota on the request line and header values together (10,240 bytes). A larger request
 * gets the gateway's own 413 with its `{"message"}` body, as an oversized payload does.
 */
export const MAX_REQUEST_LINE_AND_HEADERS_BYTES = 10_240;

/** The bytes of a request's line and headers, as they came over the wire (HTTP/1.1 framing). */
function requestLineAndHeadersBytes(incoming: IncomingMessage): number {
  let bytes = Buffer.byteLength(`${incoming.method} ${incoming.url} HTTP/${incoming.httpVersion}\r\n`);
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    bytes += Buffer.byteLength(`${incoming.rawHeaders[i]}: ${incoming.rawHeaders[i + 1]}\r\n`);
  }
  return bytes;
}

export interface RouteTarget {
  fn: LocalFunction;
  /** Served without the authorizer (named on the public allow-list). */
  public: boolean;
}

export interface GatewayOptions {
  port: number;
  routes: readonly GatewayRoute<RouteTarget>[];
  /**
   * The Lambda authorizer; with a `publicIdentitySource`, the public routes have an authorizer of
   * their own (the same function, its own identity source and cache), as the CDK app deploys it.
   */
  authorizer: LocalFunction & { identitySource: readonly string[]; publicIdentitySource?: readonly string[] };
  /** Seconds an authorizer answer is cached; 0 → every request invokes the authorizer. */
  authorizerCacheTtlSeconds: number;
  /** HTTP API answers 503 when the integration takes longer (30 s in AWS). */
  integrationTimeoutMs: number;
  runtime: LambdaRuntime;
  api: ApiIdentity;
  log: Log;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** `JqYOtj7hIAMEbNg=`: the shape of an API Gateway request id. */
function newRequestId(): string {
  return randomBytes(11).toString("base64");
}

/**
 * The local HTTP API: route selection, the Lambda authorizer (simple responses, identity sources,
 * result cache), the payload 2.0 integration and API Gateway's own answers — each as AWS gives them.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const table = new RouteTable(options.routes);
  // Two authorizers in API Gateway, so two caches: one for signed-in routes, one for public ones.
  const authorizers = {
    private: {
      identitySource: options.authorizer.identitySource,
      cache: new AuthorizerCache(options.authorizerCacheTtlSeconds),
    },
    public: options.authorizer.publicIdentitySource && {
      identitySource: options.authorizer.publicIdentitySource,
      cache: new AuthorizerCache(options.authorizerCacheTtlSeconds),
    },
  };
  const server: Server = createServer((incoming, outgoing) => {
    const requestId = newRequestId();
    serve(incoming, requestId)
      .catch((error: unknown) => {
        options.log("error", `gateway ${requestId}: unexpected failure`, error);
        return GATEWAY_ERRORS.internal();
      })
      .then((response) => send(outgoing, requestId, response))
      .catch((error: unknown) =>
        options.log("error", `gateway ${requestId}: could not send the response`, error),
      );
  });

  // Node's own limit (`maxHeaderSize`, 16 KB) would answer 431 with no body; the quota above applies
  // first, and anything larger still gets the gateway's answer rather than Node's.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code !== "HPE_HEADER_OVERFLOW") {
      // What Node answers by itself to a request it cannot parse.
      socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
      return;
    }
    const { statusCode, body } = GATEWAY_ERRORS.tooLarge();
    socket.end(
      `HTTP/1.1 ${statusCode} Request Entity Too Large\r\ncontent-type: application/json\r\n` +
        `content-length: ${body.length}\r\napigw-requestid: ${newRequestId()}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  async function serve(incoming: IncomingMessage, requestId: string): Promise<GatewayResponse> {
    if (requestLineAndHeadersBytes(incoming) > MAX_REQUEST_LINE_AND_HEADERS_BYTES)
      return GATEWAY_ERRORS.tooLarge();
    const declaredLength = Number(incoming.headers["content-length"] ?? 0);
    if (declaredLength > MAX_PAYLOAD_BYTES) return GATEWAY_ERRORS.tooLarge();
    const body = await readBody(incoming, MAX_PAYLOAD_BYTES);
    if (body === undefined) return GATEWAY_ERRORS.tooLarge();
    const url = incoming.url ?? "/";
    const queryAt = url.indexOf("?");
    const request: GatewayRequest = {
      requestId,
      method: incoming.method ?? "GET",
      rawPath: queryAt < 0 ? url : url.slice(0, queryAt),
      rawQueryString: queryAt < 0 ? "" : url.slice(queryAt + 1),
      headers: {
        ...(incoming.headersDistinct as Record<string, string[]>),
        // API Gateway passes the client's trace header on to the integration, or adds one.
        "x-amzn-trace-id": [gatewayTraceHeader(incoming.headersDistinct["x-amzn-trace-id"]?.[0])],
      },
      body,
      sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      protocol: `HTTP/${incoming.httpVersion}`,
      time: new Date(),
    };
    const match = table.match(request.method, request.rawPath);
    if (match === undefined) return GATEWAY_ERRORS.notFound();
    const routeKey = match.route.key;
    let authorizerContext: Record<string, unknown> | undefined;
    const authorizer = match.route.target.public ? authorizers.public : authorizers.private;
    if (authorizer !== undefined) {
      const { cache } = authorizer;
      const identity = identitySourceValues(authorizer.identitySource, request, routeKey);
      if (identity === undefined) return GATEWAY_ERRORS.unauthorized();
      let answer = cache.get(identity);
      if (answer === undefined) {
        const event = authorizerEventOf(
          request,
          { routeKey, pathParameters: match.pathParameters },
          options.api,
          identity,
        );
        const result = await options.runtime.invoke(options.authorizer, event);
        if (!result.ok) {
          options.log(
            "warn",
            `gateway ${requestId}: authorizer failed: ${result.errorType}: ${result.error}`,
          );
          return GATEWAY_ERRORS.internal();
        }
        answer = parseSimpleResponse(result.payload);
        if (answer === undefined) {
          options.log("warn", `gateway ${requestId}: authorizer answered a malformed simple response`);
          return GATEWAY_ERRORS.internal();
        }
        cache.set(identity, answer);
      }
      if (!answer.isAuthorized) return GATEWAY_ERRORS.forbidden();
      authorizerContext = answer.context ?? {};
    }
    const fn = match.route.target.fn;
    const event = proxyEventOf(
      request,
      { routeKey, pathParameters: match.pathParameters },
      options.api,
      authorizerContext,
    );
    const result = await withTimeout(options.integrationTimeoutMs, () => options.runtime.invoke(fn, event));
    if (result === undefined) {
      options.log("warn", `gateway ${requestId}: ${routeKey} passed the integration timeout`);
      return GATEWAY_ERRORS.unavailable();
    }
    if (!result.ok) {
      options.log("warn", `gateway ${requestId}: ${fn.name} failed: ${result.errorType}: ${result.error}`);
      return GATEWAY_ERRORS.internal();
    }
    return responseOf(result.payload);
  }

  function send(outgoing: ServerResponse, requestId: string, response: GatewayResponse): void {
    const headers: [string, string][] = [
      ...response.headers.filter(([name]) => name !== "content-length" && name !== "apigw-requestid"),
      ["apigw-requestid", requestId],
      ["content-length", String(response.body.length)],
      ["date", new Date().toUTCString()],
    ];
    outgoing.writeHead(response.statusCode, headers.flat());
    outgoing.end(response.body);
  }

  const port = await listen(server, options.port);
  return { url: `http://127.0.0.1:${port}`, port, stop: () => close(server) };
}

/** `work()`'s answer, or `undefined` if it takes longer than `ms` (the work goes on, as in AWS). */
async function withTimeout<T>(ms: number, work: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
