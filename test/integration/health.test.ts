/** The real platform declaration on the local cloud: the health API and its readiness probes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { assertDeclaredResponse } from "./declared-response.ts";
import { callApi } from "./support.ts";

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error") });
});

afterAll(async () => {
  await cloud?.stop();
});

interface HealthBody {
  status?: string;
  dependencies?: Record<string, string>;
  error?: {
    code: string;
    message: string;
    requestId: string;
    details: { status: string; dependencies: Record<string, string> };
  };
}

async function get(path: string, headers: Record<string, string> = {}) {
  const { status, headers: answered, json } = await callApi<HealthBody>(cloud, "GET", path, { headers });
  return { status, headers: answered, json };
}

describe("the health API", () => {
  it("answers live with 200 without a token and echoes the caller's request id", async () => {
    const live = await get("/api/health/live", { "x-request-id": "health-check-1" });
    expect(live).toMatchObject({ status: 200, json: { status: "ok" } });
    expect(live.headers.get("x-request-id")).toBe("health-check-1");
  });

  it("answers ready with 200 when every dependency is reachable", async () => {
    const ready = await get("/api/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      status: "ok",
      dependencies: { dynamodb: "ok", sqs: "ok", eventbridge: "ok", secretsManager: "ok" },
    });
  });

  it("stays ready under a concurrent load: 300 requests at concurrency 20, every ready 200, no 5xx", async () => {
    // The burst makes the runtime start new sandboxes (up to its limit), each loading its SDK clients
    // on its first probe while the others compete for the CPU: the load that once made every probe
    // time out.
    const paths = ["/api/health/ready", "/api/health/live"];
    const answers: { path: string; status: number; body: string }[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < 300; i = next++) {
        const path = paths[i % paths.length] as string;
        const response = await fetch(`${cloud.urls.api}${path}`);
        const answer = { path, status: response.status, body: await response.text() };
        assertDeclaredResponse(cloud.declaration, { method: "GET", path }, { ...answer, text: answer.body });
        answers.push(answer);
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(answers).toHaveLength(300);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const ready = answers.filter((a) => a.path === "/api/health/ready");
    expect(ready).toHaveLength(150);
    expect(ready.filter((a) => a.status !== 200)).toEqual([]);
  }, 180_000);

  /** Asks until the answer has `status` (readiness rounds are reused for a moment), at most 10 s. */
  async function readyUntil(status: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answer = await get("/api/health/ready");
      if (answer.status === status || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it.each(["sqs", "dynamodb", "eventbridge", "secretsManager"] as const)(
    "answers 503 naming %s when it stops, and 200 again once it is back",
    async (service) => {
      await cloud.stopService(service);
      try {
        const down = await readyUntil(503);
        expect(down.status).toBe(503);
        expect(down.json.error).toMatchObject({
          code: "DEPENDENCY_UNAVAILABLE",
          requestId: expect.any(String),
        });
        const dependencies = down.json.error?.details.dependencies ?? {};
        expect(dependencies[service]).not.toBe("ok");
        const others = Object.entries(dependencies).filter(([name]) => name !== service);
        expect(others.every(([, status]) => status === "ok")).toBe(true);
      } finally {
        await cloud.startService(service);
      }
      expect((await readyUntil(200)).status).toBe(200);
    },
  );
});
