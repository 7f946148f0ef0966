import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { AwsCallLog } from "../aws-calls.ts";
import type { LambdaRuntime, LocalFunction } from "../lambda-runtime.ts";
import { describeError, type Log } from "../log.ts";
import { close, createServer, listen } from "../net.ts";
import { type ManagedConnection, managementPathOf, serveConnectionsApi } from "./connections-api.ts";
import {
  type AuthorizerContext,
  authorizerEventOf,
  connectEventOf,
  connectMethodArn,
  disconnectEventOf,
  evaluatePolicy,
  type Handshake,
  identitySourceValues,
  messageEventOf,
  newWebSocketId,
  type WebSocketApi,
} from "./websocket-events.ts";

/** A message's limit (128 KB); a larger one closes the connection with 1009, as API Gateway does. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

export interface WebSocketGatewayOptions {
  /** 0 = any free port. */
  port: number;
  /** The API as its ARNs, events and management paths name it (`/{stage}/@connections/…`). */
  api: WebSocketApi;
  /** The REQUEST authorizer of `$connect`; absent → connections are not authorized. */
  authorizer?: LocalFunction & { identitySource: readonly string[] };
  /** Route key (`$connect`, `$disconnect`, `$default`, an action) → its function. */
  routes: Readonly<Record<string, LocalFunction>>;
  runtime: Pick<LambdaRuntime, "invoke">;
  /**
   * A connection no message has come in on for this long is closed (1001) and `$disconnect` runs.
   * @default 600000 (API Gateway's 10 minutes)
   */
  idleTimeoutMs?: number;
  /**
   * A connection open this long is closed (1001) and `$disconnect` runs.
   * @default 7200000 (API Gateway's 2 hours)
   */
  maxConnectionMs?: number;
  /** Where the management API records each caller's IAM authorization; absent → nothing recorded. */
  calls?: AwsCallLog;
  log: Log;
}

export interface RunningWebSocketGateway {
  /** Where clients connect: `ws://127.0.0.1:<port>/<stage>` (`wss://{api-id}.execute-api…/{stage}` in AWS). */
  url: string;
  /**
   * The management endpoint, `http://127.0.0.1:<port>/<stage>` (`https://{api-id}.execute-api…/{stage}`
   * in AWS): the `endpoint` of an `ApiGatewayManagementApiClient`.
   */
  managementEndpoint: string;
  port: number;
  /** Closes every connection (each `$disconnect` runs and is awaited), then the server. */
  stop(): Promise<void>;
}

interface Connection extends ManagedConnection {
  handshake: Handshake;
  socket: WebSocket;
  authorizer: AuthorizerContext | undefined;
  timers: NodeJS.Timeout[];
  /** Set once `$disconnect` has been fired: it runs once, whoever closed. */
  disconnected: boolean;
}

/** The reason `$disconnect` reports for a close code a client sent without one. */
const CLOSE_REASONS: Record<number, string> = {
  1000: "Connection Closed Normally",
  1001: "Going away",
  1005: "Client closed connection without status code",
  1006: "Connection closed abnormally",
  1009: "Message too big",
};
const GOING_AWAY = 1001;

/** The handshake's refusal, as API Gateway answers it: a status and a JSON `message`. */
function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-requestid: ${newWebSocketId()}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * The local WebSocket API, as API Gateway runs one with Lambda proxy integrations: `$connect` gated by
 * a REQUEST authorizer (never cached) and its own function, messages routed by `$request.body.action`
 * with `$default` as the fallback (a function's answer is not sent back: there is no route response),
 * `$disconnect` once per connection however it ends, the idle and duration limits, and the
 * `@connections` management API on the same port.
 */
export async function startWebSocketGateway(
  options: WebSocketGatewayOptions,
): Promise<RunningWebSocketGateway> {
  const { api, log } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
  const maxConnectionMs = options.maxConnectionMs ?? 7_200_000;
  const connections = new Map<string, Connection>();
  const pendingDisconnects = new Set<Promise<void>>();
  // Frames and messages past the limit close the connection with 1009 (`ws` enforces it on the message).
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const server: Server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? "/").split("?")[0] ?? "/";
    const connectionId = managementPathOf(path, api.stage);
    if (connectionId === undefined) {
      outgoing.writeHead(404, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: "Not Found" }));
      return;
    }
    serveConnectionsApi(incoming, outgoing, connectionId, {
      api,
      // A connection closing is gone already, as it is to API Gateway.
      connection: (id) => {
        const connection = connections.get(id);
        return connection?.socket.readyState === WebSocket.OPEN ? connection : undefined;
      },
      calls: options.calls,
      log,
    }).catch((error: unknown) => {
      log("error", `websocket gateway: the management API failed on ${incoming.method} ${path}`, error);
      if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: "Internal server error" }));
    });
  });

  server.on("upgrade", (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", (error) =>
      log("debug", `websocket gateway: handshake socket: ${describeError(error)}`),
    );
    connect(incoming, socket, head).catch((error: unknown) => {
      log("error", "websocket gateway: the handshake failed unexpectedly", error);
      refuse(socket, 500, "Internal server error");
    });
  });

  async function invoke(fn: LocalFunction, event: unknown, what: string) {
    const result = await options.runtime.invoke(fn, event);
    if (!result.ok)
      log("warn", `websocket gateway: ${what}: ${fn.name} failed: ${result.errorType}: ${result.error}`);
    return result;
  }

  async function connect(incoming: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = incoming.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    if (path !== `/${api.stage}` && path !== `/${api.stage}/`) return refuse(socket, 403, "Forbidden");
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
      headers.push([incoming.rawHeaders[i] ?? "", incoming.rawHeaders[i + 1] ?? ""]);
    }
    const handshake: Handshake = {
      connectionId: newWebSocketId(),
      headers,
      rawQueryString: queryAt < 0 ? "" : url.slice(queryAt + 1),
      sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      userAgent: incoming.headers["user-agent"],
      connectedAt: Date.now(),
    };
    let authorizer: AuthorizerContext | undefined;
    if (options.authorizer !== undefined) {
      const refusal = await authorize(options.authorizer, handshake);
      if ("status" in refusal) return refuse(socket, refusal.status, refusal.message);
      authorizer = refusal.context;
    }
    const connectRoute = options.routes.$connect;
    if (connectRoute !== undefined) {
      const event = connectEventOf(api, handshake, newWebSocketId(), authorizer);
      const result = await invoke(connectRoute, event, "$connect");
      if (!result.ok) return refuse(socket, 500, "Internal server error");
      const status = statusCodeOf(result.payload);
      // A rejected handshake never was a connection: no `$disconnect` follows.
      if (status < 200 || status > 299)
        return refuse(socket, status, status === 403 ? "Forbidden" : "Refused");
    }
    if (socket.destroyed) {
      log("debug", `websocket gateway: ${handshake.connectionId} left during $connect`);
      return;
    }
    sockets.handleUpgrade(incoming, socket, head, (ws) => open(ws, handshake, authorizer));
  }

  async function authorize(
    fn: LocalFunction & { identitySource: readonly string[] },
    handshake: Handshake,
  ): Promise<{ context: AuthorizerContext } | { status: number; message: string }> {
    // No cache: API Gateway never caches a WebSocket authorizer's answer, so a single-use
    // credential stays single-use.
    if (identitySourceValues(fn.identitySource, handshake) === undefined)
      return { status: 401, message: "Unauthorized" };
    const result = await invoke(fn, authorizerEventOf(api, handshake, newWebSocketId()), "authorizer");
    if (!result.ok) return { status: 500, message: "Internal server error" };
    const answer = evaluatePolicy(result.payload, connectMethodArn(api));
    if (answer.kind === "malformed") {
      log("warn", `websocket gateway: the authorizer's answer is not a policy: ${answer.reason}`);
      return { status: 500, message: "Internal server error" };
    }
    return answer.kind === "deny" ? { status: 403, message: "Forbidden" } : { context: answer.context };
  }

  function open(socket: WebSocket, handshake: Handshake, authorizer: AuthorizerContext | undefined): void {
    const connection: Connection = {
      handshake,
      socket,
      authorizer,
      timers: [],
      disconnected: false,
      connectedAt: handshake.connectedAt,
      lastActiveAt: handshake.connectedAt,
      sourceIp: handshake.sourceIp,
      userAgent: handshake.userAgent,
      send: (text) => socket.send(text),
      close: () => closeBy(connection, 1000, "Connection Closed Normally"),
    };
    connections.set(handshake.connectionId, connection);
    const idle = () => setTimeout(() => closeBy(connection, GOING_AWAY, "Going away"), idleTimeoutMs);
    connection.timers = [
      idle(),
      setTimeout(() => closeBy(connection, GOING_AWAY, "Going away"), maxConnectionMs),
    ];
    socket.on("message", (data: RawData, isBinary: boolean) => {
      connection.lastActiveAt = Date.now();
      const [idleTimer] = connection.timers;
      clearTimeout(idleTimer);
      connection.timers[0] = idle();
      // API Gateway does not accept binary frames from a client: it closes with 1003.
      if (isBinary) return closeBy(connection, 1003, "Binary frames are not supported");
      route(
        connection,
        Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.concat(toBuffers(data)).toString("utf8"),
      );
    });
    socket.on("close", (code: number, reason: Buffer) => {
      const text = reason.toString("utf8");
      disconnect(connection, code, text === "" ? (CLOSE_REASONS[code] ?? "") : text);
    });
    socket.on("error", (error) =>
      log("debug", `websocket gateway: ${handshake.connectionId}: ${describeError(error)}`),
    );
  }

  function route(connection: Connection, body: string): void {
    const routeKey = selectRoute(body, options.routes);
    const requestId = newWebSocketId();
    const { connectionId } = connection.handshake;
    if (routeKey === undefined) {
      connection.socket.send(JSON.stringify({ message: "Forbidden", connectionId, requestId }));
      return;
    }
    const fn = options.routes[routeKey] as LocalFunction;
    const event = messageEventOf(
      api,
      connection.handshake,
      { routeKey, requestId, messageId: newWebSocketId(), body },
      connection.authorizer,
    );
    // Without a route response the function's answer goes nowhere; a failure is the gateway's error frame.
    invoke(fn, event, routeKey)
      .then((result) => {
        if (!result.ok && connection.socket.readyState === WebSocket.OPEN)
          connection.socket.send(
            JSON.stringify({ message: "Internal server error", connectionId, requestId }),
          );
      })
      .catch((error: unknown) => log("error", `websocket gateway: ${routeKey} could not be invoked`, error));
  }

  /** The server closes: the client gets the close frame; `$disconnect` runs with the server's code. */
  function closeBy(connection: Connection, code: number, reason: string): void {
    disconnect(connection, code, reason);
    connection.socket.close(code, reason);
  }

  function disconnect(connection: Connection, statusCode: number, reason: string): void {
    if (connection.disconnected) return;
    connection.disconnected = true;
    for (const timer of connection.timers) clearTimeout(timer);
    connections.delete(connection.handshake.connectionId);
    const fn = options.routes.$disconnect;
    if (fn === undefined) return;
    // Best effort, as in AWS: a failure is logged, and nothing retries it.
    const event = disconnectEventOf(
      api,
      connection.handshake,
      { statusCode, reason, requestId: newWebSocketId() },
      connection.authorizer,
    );
    const pending: Promise<void> = invoke(fn, event, "$disconnect")
      .then(() => undefined)
      .catch((error: unknown) => log("warn", "websocket gateway: $disconnect could not be invoked", error))
      .finally(() => pendingDisconnects.delete(pending));
    pendingDisconnects.add(pending);
  }

  const port = await listen(server, options.port);
  return {
    url: `ws://127.0.0.1:${port}/${api.stage}`,
    managementEndpoint: `http://127.0.0.1:${port}/${api.stage}`,
    port,
    async stop() {
      for (const connection of [...connections.values()]) closeBy(connection, GOING_AWAY, "Going away");
      await Promise.allSettled([...pendingDisconnects]);
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      await close(server);
    },
  };
}

function toBuffers(data: RawData): Buffer[] {
  if (Array.isArray(data)) return data;
  return [Buffer.from(data as ArrayBuffer)];
}

/** `$request.body.action`: the JSON body's `action` if a route has that key, else `$default` if declared. */
export function selectRoute(body: string, routes: Readonly<Record<string, unknown>>): string | undefined {
  let action: unknown;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      action = (parsed as Record<string, unknown>).action;
  } catch {
    // Not JSON: the selection expression has no value, so `$default` serves it.
    action = undefined;
  }
  const key =
    typeof action === "string" || typeof action === "number" || typeof action === "boolean"
      ? String(action)
      : undefined;
  if (key !== undefined && key !== "$connect" && key !== "$disconnect" && key in routes) return key;
  return "$default" in routes ? "$default" : undefined;
}

/** A Lambda proxy answer's `statusCode`; an answer without one is taken as 200. */
function statusCodeOf(payload: unknown): number {
  if (typeof payload === "object" && payload !== null && "statusCode" in payload) {
    const status = Number((payload as { statusCode: unknown }).statusCode);
    return Number.isInteger(status) ? status : 500;
  }
  return 200;
}
