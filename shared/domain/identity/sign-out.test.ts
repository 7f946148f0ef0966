import { describe, expect, it } from "vitest";
import type { Principal } from "#shared/domain/access/principal";
import { logout, type SignOutDeps } from "./sign-out.ts";

describe("signing out", () => {
  it("keeps the revoked access token's jti for the stage's token lifetime, not a fixed one", async () => {
    const revoked: { jti: string; until: number }[] = [];
    const ended: string[] = [];
    const deps: SignOutDeps = {
      users: {
        get: () => Promise.reject(new Error("not needed to sign out of one session")),
        endAllSessions: () => Promise.reject(new Error("not needed to sign out of one session")),
      },
      sessions: {
        revoke: async (sid) => {
          ended.push(sid);
        },
        revokeAccessToken: async (jti, until) => {
          revoked.push({ jti, until });
        },
      },
      audit: { record: () => Promise.reject(new Error("signing out of one session is not audited")) },
      now: () => new Date("2026-01-01T00:00:00Z"),
      accessTokenTtlSeconds: 20,
    };
    const principal: Principal = { kind: "staff", userId: "u1", role: "reviewer", jti: "j1", sid: "s1" };
    await logout(deps, principal);
    expect(revoked).toEqual([{ jti: "j1", until: Date.parse("2026-01-01T00:00:20Z") / 1000 }]);
    expect(ended).toEqual(["s1"]);
  });
});
