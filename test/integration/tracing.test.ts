/**
 * Tracing on the local cloud, as Lambda's active tracing and the X-Ray daemon do it in AWS: the local
 * Lambda runtime gives each invocation a trace header under its sampling rule, the functions' light
 * tracer (`shared/platform/tracing/`) sends a sampled invocation's `## handler` subsegment and one
 * subsegment per DynamoDB call to the daemon over UDP, and an unsampled invocation sends nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { SAMPLE_ALL, SAMPLE_NONE, type TraceDocument } from "#scripts/local/xray-daemon";
import { platform } from "#shared/contracts/platform";
import { callApi } from "./support.ts";

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration: { ...platform, containers: [] },
    consumers: false,
    log: consoleLog("error"),
  });
  // X-Ray's default rule traces one invocation a second: these tests read every request's trace.
  cloud.runtime.sampling.rule = SAMPLE_ALL;
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

/** Resolves with the `## handler` subsegment annotated with `correlationId`, as soon as it arrives. */
function handlerOf(correlationId: string): Promise<TraceDocument> {
  const matches = (d: TraceDocument) =>
    d.name === "## handler" && d.annotations?.correlationId === correlationId;
  return new Promise((resolve) => {
    const found = cloud.traces.documents().find(matches);
    if (found) return resolve(found);
    const stop = cloud.traces.onDocument((d) => {
      if (!matches(d)) return;
      stop();
      resolve(d);
    });
  });
}

/** A login of an unknown account: a public route whose handler reads DynamoDB and answers 401. */
async function login(correlationId: string): Promise<void> {
  const answer = await callApi(cloud, "POST", "/api/auth/v1/login", {
    body: { email: `nobody-${randomUUID()}@example.com`, password: "not a password at all" },
    headers: { "x-request-id": correlationId },
  });
  expect(answer.status).toBe(401);
}

describe("tracing on the local cloud", () => {
  it("records a sampled request as a ## handler subsegment with its DynamoDB calls nested in it", async () => {
    const correlationId = `trace-${randomUUID()}`;
    const arrived = handlerOf(correlationId);
    await login(correlationId);
    const handler = await arrived;

    expect(handler).toMatchObject({
      type: "subsegment",
      trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      parent_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      annotations: { correlationId, Service: expect.any(String), ColdStart: expect.any(Boolean) },
      error: true,
    });
    // The trace id's time is the request's, within the minute.
    const epoch = Number.parseInt(handler.trace_id.slice(2, 10), 16);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(60);

    // Every DynamoDB call of the invocation was sent before its ## handler, nested in it.
    const calls = cloud.traces.documents().filter((d) => d.parent_id === handler.id);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call).toMatchObject({
        type: "subsegment",
        name: "DynamoDB",
        namespace: "aws",
        trace_id: handler.trace_id,
        aws: { operation: expect.any(String), region: cloud.region, table_name: cloud.locator.tableName },
        http: { response: { status: 200 } },
      });
      expect(call.id).toMatch(/^[0-9a-f]{16}$/);
      expect(call.start_time).toBeGreaterThanOrEqual(handler.start_time);
      expect(call.end_time).toBeGreaterThanOrEqual(call.start_time);
      expect(call.end_time).toBeLessThanOrEqual(handler.end_time ?? 0);
    }
  });

  it("sends nothing for a request whose invocations are not sampled", async () => {
    const before = cloud.traces.documents().length;
    const unsampled = `unsampled-${randomUUID()}`;
    cloud.runtime.sampling.rule = SAMPLE_NONE;
    try {
      await login(unsampled);
    } finally {
      cloud.runtime.sampling.rule = SAMPLE_ALL;
    }
    // A sampled request afterwards: once its ## handler (sent last) arrived, so had anything before it.
    const marker = `marker-${randomUUID()}`;
    const arrived = handlerOf(marker);
    await login(marker);
    await arrived;

    const since = cloud.traces.documents().slice(before);
    expect(since.some((d) => d.annotations?.correlationId === unsampled)).toBe(false);
    // Everything since is a sampled invocation's ## handler or nested in one: nothing of the unsampled.
    const handlers = new Set(since.filter((d) => d.name === "## handler").map((d) => d.id));
    expect(since.filter((d) => d.name !== "## handler" && !handlers.has(d.parent_id ?? ""))).toEqual([]);
    expect(since.filter((d) => d.annotations?.correlationId === marker)).toHaveLength(1);
  });
});
