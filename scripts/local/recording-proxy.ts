import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { RunningServer } from "./aws-json-server.ts";
import { describeError, type Log } from "./log.ts";
import { close, createServer, listen } from "./net.ts";

export interface RecordingProxyOptions {
  /** Shown in logs, e.g. `dynamodb`. */
  name: string;
  port: number;
  /** The service behind the proxy, `http://127.0.0.1:<port>`. */
  upstream: string;
  /** Sees each request (headers and whole body) before it is forwarded. */
  onRequest(request: { headers: IncomingHttpHeaders; body: Buffer }): void;
  log: Log;
}

/**
 * An HTTP proxy in front of a service the local cloud does not run in process (DynamoDB Local, a Java
 * process): it reads each request whole, shows it to `onRequest`, and forwards it unchanged, answer
 * streamed back as is. A service that cannot be reached closes the caller's connection, so the caller
 * sees a network error, as it would without the proxy.
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RunningServer> {
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      try {
        options.onRequest({ headers: request.headers, body });
      } catch (error) {
        // Recording must never change what the service answers; a request it cannot read is logged.
        options.log("warn", `${options.name} proxy: could not record a request`, describeError(error));
      }
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
          agent,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on("error", (error) => {
        options.log("debug", `${options.name} proxy: ${describeError(error)}`);
        response.destroy();
      });
      forwarded.end(body);
    });
  });
  const port = await listen(server, options.port);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await close(server);
      agent.destroy();
    },
  };
}
