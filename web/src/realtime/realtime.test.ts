import { describe, expect, it } from "vitest";
import { BACKOFF, reconnectDelayMs } from "./backoff.ts";
import { messageOf } from "./messages.ts";
import { socketUrl } from "./socket.ts";

describe("reconnectDelayMs", () => {
  it("grows exponentially under full jitter and stops at the cap", () => {
    expect(reconnectDelayMs(0, 0.999)).toBeLessThan(BACKOFF.baseMs);
    expect(reconnectDelayMs(3, 0.999)).toBe(Math.floor(0.999 * BACKOFF.baseMs * 8));
    expect(reconnectDelayMs(40, 0.999)).toBe(Math.floor(0.999 * BACKOFF.capMs));
    expect(reconnectDelayMs(5, 0)).toBe(0);
  });
});

describe("messageOf", () => {
  it("reads a known event and ignores pongs, unknown types and garbage", () => {
    const progress = messageOf(
      JSON.stringify({
        type: "agent.progress",
        correlationId: "c",
        data: { runId: "r", role: "blog-writer", step: "s", percent: 40 },
      }),
    );
    expect(progress?.type).toBe("agent.progress");
    expect(messageOf(JSON.stringify({ type: "pong" }))).toBeUndefined();
    expect(messageOf(JSON.stringify({ type: "something.else", data: {} }))).toBeUndefined();
    expect(messageOf("{not json")).toBeUndefined();
    expect(messageOf(JSON.stringify({ type: "agent.failed" }))).toBeUndefined();
  });
});

describe("socketUrl", () => {
  it("uses the page's own origin and wss behind https", () => {
    expect(socketUrl({ protocol: "https:", host: "app.example.com" }, "a+b")).toBe(
      "wss://app.example.com/ws?ticket=a%2Bb",
    );
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:3000" }, "t")).toBe(
      "ws://127.0.0.1:3000/ws?ticket=t",
    );
  });
});
