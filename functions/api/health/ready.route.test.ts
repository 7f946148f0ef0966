import { describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "#shared/domain/errors";
import { readyRoute } from "./ready.route.ts";

const request = {} as Parameters<ReturnType<typeof readyRoute>>[0];

describe("readyRoute", () => {
  it("runs one round of probes for every caller within the cache window, and a new round after it", async () => {
    let calls = 0;
    let clock = 0;
    const route = readyRoute(
      {
        dynamodb: async () => async () => {
          calls++;
        },
      },
      { cacheMs: 5000, now: () => clock },
    );
    await Promise.all([route(request), route(request), route(request)]);
    expect(calls).toBe(1);
    clock = 5000;
    await route(request);
    expect(calls).toBe(2);
  });

  it("answers 200 when every probe answers, and raises 503 naming each dependency otherwise", async () => {
    expect(await readyRoute({ a: async () => async () => undefined })(request)).toMatchObject({
      statusCode: 200,
      body: { status: "ok", dependencies: { a: "ok" } },
    });
    const failing = readyRoute({
      a: async () => async () => undefined,
      b: async () => async () => {
        throw new Error("connection refused");
      },
    });
    const error = await failing(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).details).toEqual({
      status: "unavailable",
      dependencies: { a: "ok", b: "unreachable" },
    });
  });

  it("does not count the time the sandbox takes to prepare a probe (a cold client load) against the dependency", async () => {
    const route = readyRoute(
      {
        dynamodb: async () => {
          // A cold, busy sandbox loading its SDK client: far longer than the probe's time limit.
          await new Promise((resolve) => setTimeout(resolve, 120));
          return async () => undefined;
        },
      },
      { timeoutMs: 40 },
    );
    expect(await route(request)).toMatchObject({
      statusCode: 200,
      body: { dependencies: { dynamodb: "ok" } },
    });
  });

  it("reports a dependency that does not answer the call within the time limit as a timeout", async () => {
    const route = readyRoute(
      { dynamodb: async () => () => new Promise((resolve) => setTimeout(resolve, 200)) },
      { timeoutMs: 40 },
    );
    const error = await route(request).catch((e: unknown) => e);
    expect((error as DependencyUnavailableError).details).toEqual({
      status: "unavailable",
      dependencies: { dynamodb: "timeout" },
    });
  });

  it("reports a probe that cannot be prepared as unreachable", async () => {
    const route = readyRoute({
      dynamodb: async () => {
        throw new Error("Cannot find module '@aws-sdk/client-dynamodb'");
      },
    });
    const error = await route(request).catch((e: unknown) => e);
    expect((error as DependencyUnavailableError).details).toMatchObject({
      dependencies: { dynamodb: "unreachable" },
    });
  });
});
