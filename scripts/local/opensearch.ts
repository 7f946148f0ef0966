/**
 * The local cloud's OpenSearch: a real OpenSearch 2.19 node (with the k-NN, painless, analysis-common
 * and Netty plugins) in a JVM of its own, run by the repository's launcher
 * (`opensearch/LocalOpenSearchNode.java`) from the jars the install step fetched
 * (`opensearch-install.ts`). It listens on 127.0.0.1 only, with no security plugin: AWS's domain checks
 * SigV4, the local node accepts any caller, as the local cloud grants every call.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Log } from "./log.ts";
import { freePort } from "./net.ts";
import { ensureOpenSearchInstall } from "./opensearch-install.ts";
import { ownChild } from "./owned-child.ts";

const REPOSITORY_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

/**
 * The JVM's options. A heap with room for the tests' and a developer's indices over the node's own
 * baseline (250–350 MB resident, idle); a bigger one only slows the start. The client compiler only
 * and the serial collector: on a two-core machine shared with the tests, C2's compiler threads and
 * G1's concurrent ones compete with everything else; measured here, the node started in about half
 * the time (30 s against 58–110 s at a load average of 25) and used 50 MB less, and a local node's
 * small indices need no peak throughput. An exit rather than a half-working node when the heap runs out.
 */
export const OPENSEARCH_JAVA_OPTIONS: readonly string[] = [
  "-Xms256m",
  "-Xmx768m",
  "-XX:TieredStopAtLevel=1",
  "-XX:+UseSerialGC",
  "-XX:+ExitOnOutOfMemoryError",
  "-Dlog4j2.disable.jmx=true",
];

export interface OpenSearchNodeOptions {
  /** 0: any free port. */
  port: number;
  /**
   * The node's home (its data and logs); absent → a directory of its own under
   * `.local/opensearch/nodes/`, removed as it stops, so two nodes never share data.
   */
  dataDir: string | undefined;
  log: Log;
  /**
   * How long the JVM may take to start and the cluster to turn yellow; a loaded two-core machine needs
   * tens of seconds. @default 180000
   */
  readyTimeoutMs?: number;
  /** The JVM's options. @default OPENSEARCH_JAVA_OPTIONS */
  javaOptions?: readonly string[];
  /** The repository whose `.local/` holds the install. @default this repository */
  root?: string;
}

export interface RunningOpenSearch {
  /** `http://127.0.0.1:<port>`, no trailing slash (as `SEARCH_ENDPOINT` is). */
  url: string;
  stop(): Promise<void>;
}

/** Matches the launcher's line once the node has started and its HTTP port is bound. */
const STARTED = /local OpenSearch node started on (http:\/\/\S+)/;

/**
 * Installs the node if needed, starts it, and resolves once the cluster is at least yellow. The JVM
 * dies with the cloud and with this process: it exits when its standard input (a pipe from this
 * process) closes.
 */
export async function startOpenSearchNode(options: OpenSearchNodeOptions): Promise<RunningOpenSearch> {
  const root = options.root ?? REPOSITORY_ROOT;
  const install = await ensureOpenSearchInstall(options.log, root);
  const port = options.port || (await freePort());
  const temporary = options.dataDir === undefined;
  const home = options.dataDir ?? resolve(root, ".local", "opensearch", "nodes", randomUUID());
  await mkdir(home, { recursive: true });
  const child = spawn(
    "java",
    [
      ...(options.javaOptions ?? OPENSEARCH_JAVA_OPTIONS),
      "-cp",
      install.classPath,
      install.mainClass,
      home,
      String(port),
      // The launcher deletes it as it exits, even when this process died without stopping it.
      ...(temporary ? ["--temporary"] : []),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  // The node closes cleanly in its shutdown hook on SIGTERM; that can take seconds on a loaded machine.
  // If this process exits first, SIGTERM too: the node then closes, and deletes a temporary home, alone.
  const stopJava = ownChild(child, 15_000, "SIGTERM");
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await stopJava();
    if (temporary) await rm(home, { recursive: true, force: true });
  };
  let output = "";
  const keep = (chunk: Buffer) => {
    // The node logs only warnings and errors; the last few kilobytes explain a failed start.
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const timeoutMs = options.readyTimeoutMs ?? 180_000;
  try {
    const url = await started(child, () => output, timeoutMs);
    await waitForYellow(url, timeoutMs);
    options.log("debug", `the local OpenSearch node is ready on ${url} (home ${home})`);
    reportUnexpectedExit(
      child,
      `the local OpenSearch node on ${url}`,
      options.log,
      () => stopping,
      () => output,
    );
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the node's URL once the launcher says it started; rejects if it exits or times out first. */
function started(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolveUrl, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => done(new Error(`the local OpenSearch node did not start within ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = STARTED.exec(seen);
      if (match?.[1] !== undefined) done(match[1]);
    };
    const onExit = (code: number | null) =>
      done(new Error(`the local OpenSearch node exited (${code}) before it started:\n${output()}`));
    const done = (result: string | Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (result instanceof Error) reject(result);
      else resolveUrl(result);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** Asks the cluster to answer once it is yellow (every primary shard assigned); one request, no polling. */
async function waitForYellow(url: string, timeoutMs: number): Promise<void> {
  const seconds = Math.ceil(timeoutMs / 1000);
  const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=${seconds}s`, {
    signal: AbortSignal.timeout(timeoutMs + 5000),
  });
  const body = (await response.json()) as { status?: string; timed_out?: boolean };
  if (!response.ok || body.timed_out === true) {
    throw new Error(`the local OpenSearch cluster did not turn yellow: ${JSON.stringify(body)}`);
  }
}

/**
 * Logs an error when `child` exits while no stop was asked for (`stopping()` false). A node that dies
 * after it started (out of heap, killed) takes search down with it: this says so where the developer
 * looks, since nothing else would until a search or an agent's run fails.
 */
export function reportUnexpectedExit(
  child: ChildProcess,
  what: string,
  log: Log,
  stopping: () => boolean,
  output: () => string,
): void {
  child.once("exit", (code, signal) => {
    if (stopping()) return;
    log(
      "error",
      `${what} exited (${code ?? signal}): search is down until the local cloud restarts`,
      output(),
    );
  });
}

/** What `GET _cluster/health` says of a node: its status, or `unreachable` when it does not answer. */
export type SearchHealth = "green" | "yellow" | "red" | "unreachable";

/**
 * The health of the OpenSearch node at `url`, asked once within `timeoutMs`: what `npm run dev` prints
 * beside its URL. A failure to answer is the answer (`unreachable`), not an error.
 * @param timeoutMs how long the node may take to answer. @default 3000
 */
export async function searchHealth(url: string, timeoutMs = 3000): Promise<SearchHealth> {
  let response: Response;
  try {
    response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return "unreachable";
  }
  const body = (await response.json().catch(() => ({}))) as { status?: unknown };
  const status = body.status;
  return status === "green" || status === "yellow" || status === "red" ? status : "unreachable";
}
