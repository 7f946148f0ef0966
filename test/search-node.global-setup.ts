/**
 * One OpenSearch node for a whole test run (the integration and browser projects share it), installed
 * as the run starts (a no-op once installed) and started only when a test first asks for it
 * (`sharedSearchNode()`): a JVM costs seconds of both cores, which runs that need no search should not
 * pay. The node lives in vitest's main process; the test files (in workers) ask for it through a small
 * HTTP endpoint on 127.0.0.1. Tests isolate themselves on it by index name: every index name starts
 * with the stage. Every local cloud of the run uses it unless told otherwise (`LEADMETRICS_SEARCH_NODE`,
 * `scripts/local/shared-search-node.ts`).
 *
 * `LOCAL_SEARCH_ENDPOINT=http://127.0.0.1:<port>` uses a node already running (a developer's
 * `npm run dev`) instead of starting one.
 */
import type { Server } from "node:http";
import type { TestProject } from "vitest/node";
import { consoleLog } from "#scripts/local/log";
import { close, createServer, listen } from "#scripts/local/net";
import { type RunningOpenSearch, startOpenSearchNode } from "#scripts/local/opensearch";
import { ensureOpenSearchInstall } from "#scripts/local/opensearch-install";
import { SEARCH_NODE_ENV } from "#scripts/local/shared-search-node";
import { acquireShared, releaseShared } from "./shared-across-projects.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where a test file asks for the shared node (`POST` answers `{ endpoint }` once it is ready). */
    searchNodeControl: string;
  }
}

const log = consoleLog("error");
const KEY = "search-node";

/** The run's node (started on the first request) and the endpoint that hands it out. */
interface SearchNodeService {
  control: string;
  stop(): Promise<void>;
}

async function startService(): Promise<SearchNodeService> {
  // The install (Maven, the first time only) is done here, where no hook's timeout runs; the node's
  // start waits for a test that needs it.
  if (!process.env.LOCAL_SEARCH_ENDPOINT) await ensureOpenSearchInstall(log);
  let node: Promise<RunningOpenSearch> | undefined;
  const ensureNode = (): Promise<RunningOpenSearch> => {
    const running = process.env.LOCAL_SEARCH_ENDPOINT;
    if (running !== undefined && running !== "") {
      return Promise.resolve({ url: running.replace(/\/$/, ""), stop: async () => undefined });
    }
    node ??= startOpenSearchNode({ port: 0, dataDir: undefined, log });
    return node;
  };
  const server: Server = createServer((request, response) => {
    if (request.method !== "POST") {
      response.writeHead(405).end();
      return;
    }
    ensureNode().then(
      (running) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ endpoint: running.url }));
      },
      (error: unknown) => {
        log("error", "the shared OpenSearch node did not start", error);
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  const port = await listen(server, 0);
  return {
    control: `http://127.0.0.1:${port}`,
    async stop() {
      await close(server);
      // A node that failed to start has already stopped itself.
      const started = await node?.catch(() => undefined);
      await started?.stop();
    },
  };
}

export async function setup(project: TestProject): Promise<void> {
  const service = await acquireShared(KEY, startService);
  project.provide("searchNodeControl", service.control);
  process.env[SEARCH_NODE_ENV] = service.control;
}

export async function teardown(): Promise<void> {
  await releaseShared<SearchNodeService>(KEY, async (service) => {
    delete process.env[SEARCH_NODE_ENV];
    await service.stop();
  });
}
