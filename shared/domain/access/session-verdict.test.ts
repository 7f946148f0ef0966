import { describe, expect, it } from "vitest";
import {
  accessTokenVerdict,
  currentGenerations,
  mayStartSession,
  refreshVerdict,
  type UserStanding,
} from "./session-verdict.ts";

const active: UserStanding = { status: "active" };
const suspended: UserStanding = { status: "suspended" };
const at = (sessionGeneration: number, status: UserStanding["status"] = "active"): UserStanding => ({
  status,
  sessionGeneration,
});

describe("accessTokenVerdict", () => {
  const good = {
    generations: { user: 0, tenant: 0 },
    revoked: false,
    user: active,
    session: { status: "active" as const },
    tenant: active,
  };

  it("honours a live token of an active user and tenant", () => {
    expect(accessTokenVerdict(good)).toBe("ok");
  });

  it("honours a token stamped with the generation the sessions were just raised to", () => {
    expect(
      accessTokenVerdict({ ...good, generations: { user: 3, tenant: 1 }, user: at(3), tenant: at(1) }),
    ).toBe("ok");
  });

  it.each([
    ["its jti is revoked", { revoked: true }],
    ["its user is gone", { user: undefined }],
    ["its session is revoked", { session: { status: "revoked" as const } }],
    ["its session does not exist", { session: "missing" as const }],
    ["its user's sessions ended after it was issued", { user: at(1) }],
    ["its tenant was suspended after it was issued (and since reactivated)", { tenant: at(1) }],
  ])("refuses a token when %s", (_why, change) => {
    expect(accessTokenVerdict({ ...good, ...change })).toBe("revoked");
  });

  it.each([
    ["its user is suspended", { user: suspended }],
    ["its tenant is suspended", { tenant: suspended }],
    ["its tenant has no profile", { tenant: "missing" as const }],
  ])("answers suspended when %s", (_why, change) => {
    expect(accessTokenVerdict({ ...good, ...change })).toBe("suspended");
  });

  it("does not read a tenant for a staff token", () => {
    const { tenant: _, ...staff } = good;
    expect(accessTokenVerdict({ ...staff, generations: { user: 0 } })).toBe("ok");
  });
});

describe("refreshVerdict", () => {
  const session = { status: "active" as const, generations: { user: 2, tenant: 1 } };

  it("lets a current session of an active account refresh", () => {
    expect(refreshVerdict({ session, user: at(2), tenant: at(1) })).toBe("ok");
  });

  it("says suspended before anything else, as sign-in does", () => {
    expect(refreshVerdict({ session: undefined, user: at(5, "suspended"), tenant: at(1) })).toBe("suspended");
    expect(refreshVerdict({ session, user: at(2), tenant: at(1, "suspended") })).toBe("suspended");
    expect(refreshVerdict({ session, user: at(2), tenant: "missing" })).toBe("suspended");
  });

  it.each([
    ["the user is gone", { user: undefined }],
    ["the session is gone", { session: undefined }],
    ["the session is revoked", { session: { ...session, status: "revoked" as const } }],
    ["the user's sessions ended since", { user: at(3) }],
    ["the tenant was suspended and reactivated since", { tenant: at(2) }],
  ])("ends the session when %s", (_why, change) => {
    expect(refreshVerdict({ session, user: at(2), tenant: at(1), ...change })).toBe("ended");
  });
});

describe("starting a session", () => {
  it("is allowed only to an active user of an active tenant (or active staff)", () => {
    expect(mayStartSession(active, active)).toBe(true);
    expect(mayStartSession(active)).toBe(true);
    expect(mayStartSession(suspended)).toBe(false);
    expect(mayStartSession(active, suspended)).toBe(false);
  });

  it("stamps the generations the user and tenant are at, 0 when never raised", () => {
    expect(currentGenerations(active, active)).toEqual({ user: 0, tenant: 0 });
    expect(currentGenerations(at(4), at(2))).toEqual({ user: 4, tenant: 2 });
    expect(currentGenerations(at(1))).toEqual({ user: 1 });
  });
});
