/**
 * A pool of warm DynamoDB Local processes for a test run. Starting the Java process is most of a local
 * cloud's start (seconds on two cores); a test run starts dozens of clouds one after another, so the
 * run's global setup keeps the next process starting while a test file uses the current one. Each
 * lease is a process of its own, in memory, used by one cloud and stopped when that cloud lets it go:
 * clouds stay as isolated as when each started its own.
 *
 * The pool answers on a small HTTP control endpoint, named to the clouds of the run by the environment
 * variable `LEADMETRICS_DYNAMODB_POOL` (`dynamodb-lease.ts`; vitest's workers inherit the global setup's environment). A cloud
 * without it, or with a data directory, starts its own process as before.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type RunningDynamoDb, startDynamoDbJava } from "./dynamodb.ts";
import { describeError, type Log } from "./log.ts";
import { freePort, listen } from "./net.ts";

export interface DynamoDbPoolOptions {
  /**
   * How many processes to keep started ahead of the next lease.
   * @default 1
   */
  warm?: number;
  log: Log;
}

export interface DynamoDbPool {
  /** The control endpoint, for `LEADMETRICS_DYNAMODB_POOL`. */
  url: string;
  /** Stops the control endpoint and every process, leased or warm. */
  stop(): Promise<void>;
}

interface PooledProcess extends RunningDynamoDb {
  port: number;
}

/** Starts the pool's control endpoint and its first warm processes. */
export async function startDynamoDbPool(options: DynamoDbPoolOptions): Promise<DynamoDbPool> {
  const warmCount = options.warm ?? 1;
  const warm: Promise<PooledProcess>[] = [];
  const leased = new Map<number, PooledProcess>();
  const clientConfig = {
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };

  const startOne = (): Promise<PooledProcess> => {
    const started = (async () => {
      const port = await freePort();
      const running = await startDynamoDbJava(
        // Started in the background while a test runs, it may take longer than one started on demand.
        { port, dataDir: undefined, clientConfig, log: options.log, readyTimeoutMs: 120_000 },
        port,
      );
      return { ...running, port };
    })();
    // Logged here (which also keeps the rejection handled while it waits); the lease that takes a
    // failed one starts another.
    started.catch((error: unknown) =>
      options.log("warn", `a pooled DynamoDB Local did not start: ${describeError(error)}`),
    );
    return started;
  };
  const topUp = () => {
    while (warm.length < warmCount) warm.push(startOne());
  };

  const lease = async (): Promise<PooledProcess> => {
    const next = warm.shift();
    topUp();
    // A warm process that failed to start (logged) is replaced by one started for this lease.
    const started = (await next?.catch(() => undefined)) ?? (await startOne());
    leased.set(started.port, started);
    return started;
  };
  const release = async (port: number): Promise<boolean> => {
    const running = leased.get(port);
    if (running === undefined) return false;
    leased.delete(port);
    await running.stop();
    return true;
  };

  const server = createServer((request, response) => {
    route(request, response, { lease, release }).catch((error: unknown) => {
      options.log("error", `the DynamoDB pool could not answer ${request.url}: ${describeError(error)}`);
      answer(response, 500, { error: describeError(error) });
    });
  });
  const controlPort = await listen(server, 0);
  topUp();

  return {
    url: `http://127.0.0.1:${controlPort}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const starting = warm.splice(0);
      const settled = await Promise.allSettled(starting);
      const all = [
        ...leased.values(),
        ...settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])),
      ];
      leased.clear();
      await Promise.all(all.map((p) => p.stop()));
    },
  };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  pool: { lease(): Promise<PooledProcess>; release(port: number): Promise<boolean> },
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://pool");
  if (request.method === "POST" && url.pathname === "/lease") {
    const leased = await pool.lease();
    answer(response, 200, { port: leased.port });
    return;
  }
  const port = Number(url.searchParams.get("port"));
  if (request.method === "POST" && url.pathname === "/release" && Number.isInteger(port)) {
    answer(response, (await pool.release(port)) ? 204 : 404);
    return;
  }
  answer(response, 404, { error: `no such pool request: ${request.method} ${url.pathname}` });
}

function answer(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
