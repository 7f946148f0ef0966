import { describe, expect, it } from "vitest";
import { endedReason, renewalDelayMs } from "./session.ts";

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
