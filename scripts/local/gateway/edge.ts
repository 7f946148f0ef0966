import { request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { EDGE } from "#shared/platform/declaration/edge";
import { newOriginSecretValue, originSecretValue } from "#shared/platform/origin-secret";
import type { Log } from "../log.ts";
import { close, createServer, listen } from "../net.ts";
import type { LocalSecret } from "../secrets-manager.ts";

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
  log: Log;
}

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
 * The local stand-in for CloudFront in front of `/api/*`, as the Web stack configures it: every request
 * goes to the API uncached with every viewer header but Host (`AllViewerExceptHostHeader`), plus the
 * custom origin header with the origin secret and `CloudFront-Viewer-Address` from the viewer's own
 * connection — each replacing a header of that name the viewer sent, as CloudFront does — and the
 * viewer's IP appended to `X-Forwarded-For`. An origin that cannot be reached is a 502. (The WAF is not
 * played here: its rules are AWS's.)
 */
export async function startEdge(options: EdgeOptions): Promise<RunningEdge> {
  const origin = new URL(options.origin);
  const server: Server = createServer((incoming, outgoing) => {
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
        outgoing.writeHead(response.statusCode ?? 502, answer);
        response.pipe(outgoing);
      },
    );
    proxied.on("error", (error) => {
      options.log("warn", `edge: the origin did not answer ${incoming.method} ${incoming.url}`, error);
      if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain" });
      outgoing.end("502 Bad Gateway: the origin could not be reached");
    });
    incoming.pipe(proxied);
  });
  const port = await listen(server, options.port);
  return { url: `http://127.0.0.1:${port}`, port, stop: () => close(server) };
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
