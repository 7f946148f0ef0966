import { describe, expect, it } from "vitest";
import { endedReason, renewalDelayMs, Session } from "./session.ts";

describe("renewalDelayMs", () => {
  const now = 1_000_000_000_000;

  it("renews a fifteen-minute token a minute before it expires", () => {
    expect(renewalDelayMs(now / 1000 + 900, now)).toBe(840_000);
  });

  it("renews a short-lived token at two thirds of its life", () => {
    expect(renewalDelayMs(now / 1000 + 30, now)).toBe(20_000);
  });

  it("renews at once a token already expired", () => {
    expect(renewalDelayMs(now / 1000 - 5, now)).toBe(0);
  });
});

describe("endedReason", () => {
  it("shows a refusal's own words for a suspension, a generic line otherwise", () => {
    expect(endedReason(403, "This account is suspended")).toBe("This account is suspended");
    expect(endedReason(401, "Invalid refresh token")).toMatch(/session has ended/);
  });
});

describe("Session.resume", () => {
  function memoryStore(initial: Record<string, string> = {}) {
    const values = new Map(Object.entries(initial));
    return {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
      removeItem: (key: string) => void values.delete(key),
      values,
    };
  }

  it("goes straight to sign-in, asking nothing, in a browser that was never signed in", async () => {
    const session = new Session(memoryStore());
    await expect(session.resume()).resolves.toBe(false);
    expect(session.state).toEqual({ status: "signed-out" });
  });

  it("keeps the hint while signed in and drops it when the session ends", () => {
    const store = memoryStore();
    const session = new Session(store);
    session.signedIn({
      accessToken: "t",
      expiresAt: Math.floor(Date.now() / 1000) + 900,
      user: { id: "u", email: "a@example.com", name: "A", role: "admin", tenantId: "t1" },
    });
    expect(store.values.size).toBe(1);
    session.end("bye");
    expect(store.values.size).toBe(0);
  });
});
