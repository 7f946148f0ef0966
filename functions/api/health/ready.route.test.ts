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
        dynamodb: async () => {
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
    expect(await readyRoute({ a: async () => undefined })(request)).toMatchObject({
      statusCode: 200,
      body: { status: "ok", dependencies: { a: "ok" } },
    });
    const failing = readyRoute({
      a: async () => undefined,
      b: async () => {
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
});
