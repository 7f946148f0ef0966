/**
 * The `@connections` management API of the local WebSocket API, at `/{stage}/@connections/{connectionId}`,
 * speaking what `@aws-sdk/client-apigatewaymanagementapi` sends and parses: PostToConnection (POST, the
 * raw body becomes one text frame), GetConnection (GET) and DeleteConnection (DELETE, closes the socket).
 * A connection that is not open (never was, closed, or still in its `$connect`) is 410 `GoneException`.
 * Every request records the IAM authorization it needs, as the other local services do.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AwsCallLog } from "../aws-calls.ts";
import { manageConnectionsAuthorizations } from "../iam-authorizations.ts";
import type { Log } from "../log.ts";
import { readBody } from "../net.ts";
import type { WebSocketApi } from "./websocket-events.ts";

/** The largest PostToConnection payload: a message's limit (128 KB). */
export const MAX_POST_BYTES = 128 * 1024;

/** An open connection, as the management API sees it. */
export interface ManagedConnection {
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string | undefined;
  /** Sends one text frame. */
  send(text: string): void;
  /** Closes the socket as DeleteConnection does; `$disconnect` follows. */
  close(): void;
}

export interface ConnectionsApiOptions {
  api: WebSocketApi;
  connection(connectionId: string): ManagedConnection | undefined;
  calls: AwsCallLog | undefined;
  log: Log;
}

interface Answer {
  status: number;
  body?: unknown;
  errorType?: string;
}

const gone = (): Answer => ({ status: 410, errorType: "GoneException", body: { message: null } });

/** The connection id of a management path, or `undefined` when the path is not one. */
export function managementPathOf(path: string, stage: string): string | undefined {
  const prefix = `/${stage}/@connections/`;
  if (!path.startsWith(prefix)) return undefined;
  const encoded = path.slice(prefix.length);
  if (encoded === "" || encoded.includes("/")) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    // Not a percent-encoding a client would send: no such connection.
    return "";
  }
}

/** Serves one management request whose path `managementPathOf` recognised. */
export async function serveConnectionsApi(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  connectionId: string,
  options: ConnectionsApiOptions,
): Promise<void> {
  const method = incoming.method ?? "GET";
  // IAM decides before the service does anything.
  options.calls?.record(
    incoming.headers.authorization,
    manageConnectionsAuthorizations(method, connectionId, options.api),
  );
  const answer = await answerOf(incoming, method, options.connection(connectionId));
  const body = answer.body === undefined ? "" : JSON.stringify(answer.body);
  outgoing.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...(answer.errorType === undefined ? {} : { "x-amzn-errortype": answer.errorType }),
  });
  outgoing.end(body);
}

async function answerOf(
  incoming: IncomingMessage,
  method: string,
  connection: ManagedConnection | undefined,
): Promise<Answer> {
  switch (method) {
    case "POST": {
      const body = await readBody(incoming, MAX_POST_BYTES);
      if (body === undefined)
        return {
          status: 413,
          errorType: "PayloadTooLargeException",
          body: { message: "Message too long" },
        };
      if (connection === undefined) return gone();
      connection.send(body.toString("utf8"));
      return { status: 200 };
    }
    case "GET":
      if (connection === undefined) return gone();
      return {
        status: 200,
        body: {
          connectedAt: new Date(connection.connectedAt).toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent ?? "" },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        },
      };
    case "DELETE":
      if (connection === undefined) return gone();
      connection.close();
      return { status: 204 };
    default:
      return { status: 403, errorType: "ForbiddenException", body: { message: "Forbidden" } };
  }
}
