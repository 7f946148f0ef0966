import { describe, expect, it } from "vitest";
import { ForbiddenError, UnauthorizedError } from "#shared/domain/errors";
import type { UserRecord } from "./ports.ts";
import { type RefreshDeps, refreshSession } from "./refresh.ts";
import {
  fakeAudit,
  fakeLimiter,
  fakeLog,
  fakeSessions,
  fakeTenants,
  fakeTokens,
  fakeUsers,
  TENANT,
} from "./testing/in-memory.ts";

const ORIGIN = { ip: "192.0.2.1", correlationId: "req-1" };

async function world(user: Partial<UserRecord> = {}) {
  const users = fakeUsers({
    u1: {
      email: "ann@example.com",
      name: "Ann",
      role: "member",
      tenantId: TENANT,
      passwordHash: "x",
      status: "active",
      ...user,
    },
  });
  const tenants = fakeTenants({ [TENANT]: { name: "Acme", status: "active" } });
  const sessions = fakeSessions();
  const audit = fakeAudit();
  const deps: RefreshDeps = {
    users: users.users,
    tenants: tenants.tenants,
    sessions: sessions.sessions,
    tokens: fakeTokens(),
    limits: { refresh: fakeLimiter(60) },
    audit: audit.audit,
    log: fakeLog().log,
    now: () => new Date("2026-01-01T00:00:00Z"),
  };
  const sessionId = await sessions.sessions.start("u1", "first", 2_000_000_000, { user: 0, tenant: 0 });
  return { deps, sessions, audit, sessionId };
}

describe("refreshSession", () => {
  it("rotates the token: a new one in the same session, which ends when the session does", async () => {
    const w = await world();
    const refreshed = await refreshSession(w.deps, { token: "first", origin: ORIGIN });
    expect(refreshed.refresh.token).not.toBe("first");
    expect(refreshed.refresh.expiresAt).toBe(2_000_000_000);
    expect(w.sessions.tokens.get("first")?.used).toBe(true);
    expect(w.sessions.tokens.get(refreshed.refresh.token)?.sessionId).toBe(w.sessionId);
  });

  it("revokes the whole session and audits it when a spent token comes back", async () => {
    const w = await world();
    const next = await refreshSession(w.deps, { token: "first", origin: ORIGIN });
    await expect(refreshSession(w.deps, { token: "first", origin: ORIGIN })).rejects.toThrow(
      UnauthorizedError,
    );
    expect(w.sessions.revoked).toEqual([w.sessionId]);
    expect(w.audit.entries.map((e) => [e.type, e.tenantId])).toEqual([["refresh.reused", TENANT]]);
    await expect(refreshSession(w.deps, { token: next.refresh.token, origin: ORIGIN })).rejects.toThrow(
      "Your session has ended; sign in again",
    );
  });

  it("treats losing the rotation to a concurrent refresh as the same replay", async () => {
    const w = await world();
    const rotate = w.deps.sessions.rotate;
    w.deps.sessions.rotate = async (presented, next) => {
      await rotate({ ...presented }, "someone-else");
      return rotate(presented, next);
    };
    await expect(refreshSession(w.deps, { token: "first", origin: ORIGIN })).rejects.toThrow(
      "This refresh token was already used; the session has been ended",
    );
    expect(w.sessions.revoked).toEqual([w.sessionId]);
  });

  it("tells a suspended user so, and ends a session whose user's sessions were ended since", async () => {
    const suspended = await world({ status: "suspended" });
    await expect(refreshSession(suspended.deps, { token: "first", origin: ORIGIN })).rejects.toThrow(
      ForbiddenError,
    );
    const ended = await world({ sessionGeneration: 1 });
    await expect(refreshSession(ended.deps, { token: "first", origin: ORIGIN })).rejects.toThrow(
      "Your session has ended; sign in again",
    );
  });

  it("refuses a missing or unknown token with 401", async () => {
    const w = await world();
    await expect(refreshSession(w.deps, { token: undefined, origin: ORIGIN })).rejects.toThrow(
      "No refresh token",
    );
    await expect(refreshSession(w.deps, { token: "unknown", origin: ORIGIN })).rejects.toThrow(
      UnauthorizedError,
    );
  });
});
