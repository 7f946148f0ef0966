import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ModelError } from "#shared/domain/agents/model";
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  postJsonWithRetries,
  retryPolicy,
  systemClock,
  withRetries,
} from "./http-retry.ts";
import { fakeClock } from "./testing/fake-clock.ts";
import { modelFailure } from "./testing/model-failure.ts";

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads seconds, an HTTP date and retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "7" }), NOW)).toBe(7000);
    expect(parseRetryAfter(new Headers({ "retry-after": "1.5" }), NOW)).toBe(1500);
    expect(parseRetryAfter(new Headers({ "retry-after": "Sun, 01 Mar 2026 12:00:30 GMT" }), NOW)).toBe(
      30_000,
    );
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "120", "retry-after": "9" }), NOW)).toBe(120);
  });

  it("treats a date in the past as no wait, and an absent or unreadable value as none given", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "Sun, 01 Mar 2026 11:00:00 GMT" }), NOW)).toBe(0);
    expect(parseRetryAfter(new Headers(), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "-3" }), NOW)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("draws up to a ceiling that doubles per retry and stops at the maximum", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((retry) => backoffMs(retry, policy, top))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });
});

describe("isRetryableStatus", () => {
  it("retries 408, 429 and 5xx (529 included) and nothing else", () => {
    expect([408, 429, 500, 502, 503, 504, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe("retryPolicy", () => {
  it("keeps the default for a field given as undefined", () => {
    expect(retryPolicy({ maxAttempts: 5, timeoutMs: undefined })).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: 5,
    });
  });
});

describe("withRetries", () => {
  it("does not retry a permanent error", async () => {
    const clock = fakeClock();
    let attempts = 0;
    const error = await modelFailure(
      withRetries(
        async () => {
          attempts++;
          throw new ModelError("refused", { provider: "anthropic", retryable: false, status: 400 });
        },
        { provider: "anthropic", policy: retryPolicy(), clock },
      ),
    );
    expect(attempts).toBe(1);
    expect(error.message).toBe("refused");
    expect(clock.sleeps).toEqual([]);
  });

  it("stops waiting between attempts when the caller's signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("the job's time is up")), 20);
    let attempts = 0;
    const error = await modelFailure(
      withRetries(
        async () => {
          attempts++;
          throw new ModelError("busy", { provider: "anthropic", retryable: true, status: 503 });
        },
        {
          provider: "anthropic",
          // A minute's wait, really slept: only the abort can end it in time.
          policy: retryPolicy({ baseDelayMs: 60_000, maxDelayMs: 60_000 }),
          signal: controller.signal,
          clock: { ...systemClock, random: () => 0.5 },
        },
      ),
    );
    expect(attempts).toBe(1);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("The call to anthropic was cancelled");
    expect((error.cause as Error).message).toBe("the job's time is up");
  });

  it("does not start when the caller's signal has already aborted", async () => {
    let attempts = 0;
    const error = await modelFailure(
      withRetries(
        async () => {
          attempts++;
        },
        { provider: "bedrock", policy: retryPolicy(), signal: AbortSignal.abort(), clock: fakeClock() },
      ),
    );
    expect(attempts).toBe(0);
    expect(error.retryable).toBe(true);
  });
});

describe("postJsonWithRetries", () => {
  it("retries a connection fault and gives up as retryable", async () => {
    // A port that was just free: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const clock = fakeClock();

    const error = await modelFailure(
      postJsonWithRetries({
        provider: "openai-compatible",
        url: `http://127.0.0.1:${port}/v1/chat/completions`,
        headers: {},
        body: {},
        response: z.object({}),
        errorDetail: () => undefined,
        fetch,
        policy: retryPolicy({ maxAttempts: 2 }),
        clock,
      }),
    );

    expect(clock.sleeps).toHaveLength(1);
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("Could not reach openai-compatible");
  });
});
