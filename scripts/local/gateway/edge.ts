import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from "node:http";
import type { Duplex } from "node:stream";
import { EDGE, securityHeaders } from "#shared/platform/declaration/edge";
import { newOriginSecretValue, originSecretValue } from "#shared/platform/origin-secret";
import type { Log } from "../log.ts";
import { close, createServer, listen } from "../net.ts";
import type { LocalSecret } from "../secrets-manager.ts";
import { servePortalFile } from "./portal-files.ts";

export interface EdgeOptions {
  /** Port of the front door (0 = any free port). */
  port: number;
  /** The HTTP API behind it (the local gateway), as `http://127.0.0.1:<port>`. */
  origin: string;
  /**
   * What it sends in the origin header: the origin secret's `current` value when it starts, as
   * CloudFront sends the value it resolved at deploy until the Web stack is deployed again.
   */
  originSecret: string;
  /**
   * The WebSocket API behind the declared path (`/ws`), as CloudFront routes it: an upgrade request
   * on the path goes to `origin()` (`ws://127.0.0.1:<port>/<stage>`), its query string kept. Absent →
   * no WebSocket behaviour.
   */
  websocket?: { path: string; origin(): string | undefined };
  /**
   * The portal's build (`index.html`, `assets/`), served as the default behaviour serves it from S3:
   * every path but `/api/*` and the WebSocket path. Absent → every path goes to the API.
   */
  portalDirectory?: string;
  log: Log;
}

/** The path prefix of the `/api/*` behaviour. */
const API_PREFIX = "/api/";

export interface RunningEdge {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Connection-level headers, which a proxy does not pass on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * The viewer address as CloudFront writes it: `ip:port`, an IPv6 address without brackets, an IPv4
 * peer on a dual-stack socket in its IPv4 form.
 */
export function viewerAddressOf(remoteAddress: string | undefined, remotePort: number | undefined): string {
  return `${(remoteAddress ?? "127.0.0.1").replace(/^::ffff:(?=\d+\.)/, "")}:${remotePort ?? 0}`;
}

/**
 * The local stand-in for CloudFront, as the Web stack configures it. `/api/*` goes to the API uncached
 * with every viewer header but Host (`AllViewerExceptHostHeader`), plus the custom origin header with
 * the origin secret and `CloudFront-Viewer-Address` from the viewer's own connection — each replacing
 * a header of that name the viewer sent, as CloudFront does — and the viewer's IP appended to
 * `X-Forwarded-For`. An origin that cannot be reached is a 502. Every other path is the portal's
 * (`portalDirectory`). The portal's and the API's answers carry the security headers of the response
 * headers policy, replacing an origin's own. (The WAF is not played here: its rules are AWS's.)
 */
export async function startEdge(options: EdgeOptions): Promise<RunningEdge> {
  const origin = new URL(options.origin);
  const security = securityHeaders();
  const server: Server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? "/").split("?")[0] ?? "/";
    const portal = options.portalDirectory;
    if (portal !== undefined && !path.startsWith(API_PREFIX) && path !== options.websocket?.path) {
      servePortalFile(portal, incoming, outgoing, security, options.log).catch((error: unknown) => {
        options.log("error", `edge: the portal could not answer ${incoming.method} ${path}`, error);
        if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "text/plain", ...security });
        outgoing.end("500 Internal Server Error");
      });
      return;
    }
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (name === "host" || HOP_BY_HOP.has(name)) continue;
      if (name === EDGE.originHeader || name === EDGE.viewerAddressHeader) continue;
      headers[name] = value;
    }
    const viewer = viewerAddressOf(incoming.socket.remoteAddress, incoming.socket.remotePort);
    const viewerIp = viewer.slice(0, viewer.lastIndexOf(":"));
    headers["x-forwarded-for"] = headers["x-forwarded-for"]
      ? `${headers["x-forwarded-for"]}, ${viewerIp}`
      : viewerIp;
    headers[EDGE.viewerAddressHeader] = viewer;
    headers[EDGE.originHeader] = options.originSecret;
    const proxied = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: incoming.method,
        path: incoming.url,
        headers,
      },
      (response) => {
        const answer: IncomingHttpHeaders = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (!HOP_BY_HOP.has(name)) answer[name] = value;
        }
        outgoing.writeHead(response.statusCode ?? 502, { ...answer, ...security });
        response.pipe(outgoing);
      },
    );
    proxied.on("error", (error) => {
      options.log("warn", `edge: the origin did not answer ${incoming.method} ${incoming.url}`, error);
      if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain", ...security });
      outgoing.end("502 Bad Gateway: the origin could not be reached");
    });
    incoming.pipe(proxied);
  });
  server.on("upgrade", (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", (error) => options.log("debug", "edge: a WebSocket viewer's socket failed", error));
    const path = (incoming.url ?? "/").split("?")[0];
    const target = options.websocket?.origin();
    if (options.websocket === undefined || path !== options.websocket.path || target === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      return;
    }
    proxyUpgrade(incoming, socket, head, new URL(target), options.log);
  });
  const port = await listen(server, options.port);
  return { url: `http://127.0.0.1:${port}`, port, stop: () => close(server) };
}

/** The status line and headers of an origin's answer, as raw HTTP/1.1 for the viewer's socket. */
function rawHead(response: IncomingMessage): string {
  const lines = [`HTTP/1.1 ${response.statusCode ?? 502} ${response.statusMessage ?? ""}`];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/**
 * Passes a WebSocket handshake to the WebSocket API with the viewer's headers (Host aside) and its
 * address in `X-Forwarded-For`, then pipes the two sockets together; a refused handshake reaches the
 * viewer with the API's status and body.
 */
function proxyUpgrade(incoming: IncomingMessage, socket: Duplex, head: Buffer, target: URL, log: Log): void {
  const headers: IncomingHttpHeaders = { ...incoming.headers };
  delete headers.host;
  const viewer = viewerAddressOf(incoming.socket.remoteAddress, incoming.socket.remotePort);
  const viewerIp = viewer.slice(0, viewer.lastIndexOf(":"));
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${viewerIp}`
    : viewerIp;
  headers[EDGE.viewerAddressHeader] = viewer;
  const url = incoming.url ?? "/";
  const query = url.includes("?") ? url.slice(url.indexOf("?")) : "";
  const proxied = httpRequest({
    host: target.hostname,
    port: target.port,
    method: "GET",
    path: `${target.pathname}${query}`,
    headers,
  });
  proxied.on("upgrade", (response, upstream, upstreamHead) => {
    upstream.on("error", (error) => log("debug", "edge: a WebSocket origin socket failed", error));
    socket.write(rawHead(response));
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
  });
  proxied.on("response", (response) => {
    socket.write(rawHead(response));
    response.pipe(socket);
  });
  proxied.on("error", (error) => {
    log("warn", "edge: the WebSocket API did not answer a handshake", error);
    socket.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
  });
  proxied.end();
}

/**
 * What the front door sends in the origin header, read when it starts (its "deploy"): the origin
 * secret's `current` value in the local Secrets Manager. A declaration without a front door gets a
 * value no one checks.
 */
export function originHeaderValue(secret: LocalSecret | undefined, log: Log): () => string {
  const unchecked = newOriginSecretValue();
  return () => {
    if (secret === undefined) return unchecked;
    const parsed = originSecretValue.safeParse(parseJson(secret.value.value));
    if (parsed.success) return parsed.data.current;
    log("error", `edge: ${secret.id} is not an origin secret; the front door sends an empty origin header`);
    return "";
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
