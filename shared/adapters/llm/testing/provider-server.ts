/**
 * A local HTTP server standing in for a model provider in tests: it records each request as it
 * arrived (method, path, headers, body) and answers from a queue of scripted replies, so that a test
 * can check the request against the provider's documented format and play any answer back.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from "node:http2";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent (percent-encoding kept). */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A scripted answer: a status with headers and a body (a string is sent as is, anything else as JSON), or a hang. */
export type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | "hang";

export interface ProviderServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, one per coming request. A request with none queued gets a 599 that fails the test. */
  reply(...replies: Reply[]): void;
  close(): Promise<void>;
}

/**
 * Starts the server on a free port. `http2` serves cleartext HTTP/2 (h2c): the transport the Bedrock
 * runtime client uses by default, as it does against the real endpoint.
 */
export async function startProviderServer(options: { http2?: boolean } = {}): Promise<ProviderServer> {
  const requests: RecordedRequest[] = [];
  const replies: Reply[] = [];
  const hanging: (ServerResponse | Http2ServerResponse)[] = [];

  const handle = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const reply = replies.shift() ?? {
        status: 599,
        body: { message: "the test queued no reply for this request" },
      };
      if (reply === "hang") {
        hanging.push(res);
        return;
      }
      const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
      const headers: Record<string, string> = {
        ...(typeof reply.body !== "string" && { "content-type": "application/json" }),
        ...reply.headers,
      };
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.statusCode = reply.status;
      res.end(body);
    });
  };

  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  const server = options.http2 ? createHttp2Server(handle) : createServer(handle);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("session", (session: Http2Session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...next) => {
      replies.push(...next);
    },
    close: async () => {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      hanging.length = 0;
    },
  };
}
