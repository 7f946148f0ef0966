import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { LogLevel } from "./log.ts";
import { freePort } from "./net.ts";
import { reportUnexpectedExit, searchHealth } from "./opensearch.ts";

function recordingLog() {
  const lines: { level: LogLevel; message: string; detail?: unknown }[] = [];
  return {
    lines,
    log: (level: LogLevel, message: string, detail?: unknown) => lines.push({ level, message, detail }),
  };
}

describe("reportUnexpectedExit", () => {
  it("logs an error naming the exit code and the last output when the process dies unasked", async () => {
    const { lines, log } = recordingLog();
    const child = spawn(process.execPath, ["-e", "process.exit(3)"]);
    reportUnexpectedExit(
      child,
      "the node",
      log,
      () => false,
      () => "java.lang.OutOfMemoryError",
    );
    await once(child, "exit");
    expect(lines).toEqual([
      {
        level: "error",
        message: "the node exited (3): search is down until the local cloud restarts",
        detail: "java.lang.OutOfMemoryError",
      },
    ]);
  });

  it("stays quiet when the process exits because it was asked to stop", async () => {
    const { lines, log } = recordingLog();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    reportUnexpectedExit(
      child,
      "the node",
      log,
      () => true,
      () => "",
    );
    child.kill("SIGTERM");
    await once(child, "exit");
    expect(lines).toEqual([]);
  });
});

describe("searchHealth", () => {
  it("answers the status the node's _cluster/health names", async () => {
    const server = createServer((request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(request.url === "/_cluster/health" ? { status: "yellow" } : {}));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      expect(await searchHealth(`http://127.0.0.1:${port}`)).toBe("yellow");
    } finally {
      server.close();
    }
  });

  it("answers unreachable when nothing listens, or the answer is not a cluster's health", async () => {
    expect(await searchHealth(`http://127.0.0.1:${await freePort()}`, 1000)).toBe("unreachable");
    const server = createServer((_request, response) => response.end("<html>proxy</html>"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      expect(await searchHealth(`http://127.0.0.1:${port}`)).toBe("unreachable");
    } finally {
      server.close();
    }
  });
});
