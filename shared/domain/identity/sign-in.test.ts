import { beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, RateLimitedError, UnauthorizedError } from "#shared/domain/errors";
import { LOCKOUT } from "./lockout.ts";
import { hashPassword } from "./password.ts";
import type { UserRecord } from "./ports.ts";
import { login, type SignInDeps } from "./sign-in.ts";
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

const PASSWORD = "correct horse battery staple";
const ORIGIN = { ip: "192.0.2.1", correlationId: "req-1" };
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

function world(user: Partial<UserRecord> = {}, tenantStatus: "active" | "suspended" = "active") {
  const users = fakeUsers({
    u1: {
      email: "ann@example.com",
      name: "Ann",
      role: "admin",
      tenantId: TENANT,
      passwordHash,
      status: "active",
      sessionGeneration: 3,
      ...user,
    },
  });
  const tenants = fakeTenants({ [TENANT]: { name: "Acme", status: tenantStatus, sessionGeneration: 1 } });
  const sessions = fakeSessions();
  const tokens = fakeTokens();
  const audit = fakeAudit();
  const log = fakeLog();
  const limits = {
    loginAttempts: fakeLimiter(20),
    loginFailures: fakeLimiter(LOCKOUT.failures),
    register: fakeLimiter(),
  };
  const deps: SignInDeps = {
    users: users.users,
    tenants: tenants.tenants,
    sessions: sessions.sessions,
    tokens,
    limits,
    audit: audit.audit,
    log: log.log,
    now: () => new Date("2026-01-01T00:00:00Z"),
  };
  return { deps, users, sessions, tokens, audit, log, limits };
}

describe("login", () => {
  it("starts a session stamped with the user's and tenant's generations, clears failures and audits it", async () => {
    const w = world();
    w.limits.loginFailures.counts.set("ann@example.com", 3);
    const session = await login(w.deps, { email: "ann@example.com", password: PASSWORD, origin: ORIGIN });
    expect(session.body.user).toEqual({
      id: "u1",
      email: "ann@example.com",
      name: "Ann",
      role: "admin",
      tenantId: TENANT,
    });
    expect([...w.sessions.records.values()][0]?.generations).toEqual({ user: 3, tenant: 1 });
    expect(w.tokens.issued).toEqual([{ kind: "tenant", userId: "u1", role: "admin", tenantId: TENANT }]);
    expect(w.limits.loginFailures.counts.has("ann@example.com")).toBe(false);
    expect(w.audit.entries.map((e) => e.type)).toEqual(["login.succeeded"]);
    expect(session.refresh.expiresAt - Date.parse("2026-01-01T00:00:00Z") / 1000).toBe(14 * 24 * 3600);
  });

  it("answers a wrong password and an unknown e-mail alike, counting and auditing each failure", async () => {
    const w = world();
    const wrong = login(w.deps, { email: "ann@example.com", password: "not the password!", origin: ORIGIN });
    await expect(wrong).rejects.toThrow(new UnauthorizedError("E-mail or password is incorrect"));
    const unknown = login(w.deps, { email: "bob@example.com", password: PASSWORD, origin: ORIGIN });
    await expect(unknown).rejects.toThrow(new UnauthorizedError("E-mail or password is incorrect"));
    expect(w.audit.entries.map((e) => [e.type, e.target?.userId])).toEqual([
      ["login.failed", "u1"],
      ["login.failed", undefined],
    ]);
    expect(w.sessions.records.size).toBe(0);
  });

  it("locks the account on the failure that reaches the limit, and then refuses even the right password", async () => {
    const w = world();
    w.limits.loginFailures.counts.set("ann@example.com", LOCKOUT.failures - 1);
    await expect(
      login(w.deps, { email: "ann@example.com", password: "not the password!", origin: ORIGIN }),
    ).rejects.toThrow(UnauthorizedError);
    expect(w.audit.entries.map((e) => e.type)).toEqual(["login.failed", "account.locked"]);
    expect(w.log.warnings).toHaveLength(1);
    await expect(
      login(w.deps, { email: "ann@example.com", password: PASSWORD, origin: ORIGIN }),
    ).rejects.toThrow(RateLimitedError);
  });

  it("tells a suspended user, or a user of a suspended tenant, so — and starts no session", async () => {
    for (const w of [world({ status: "suspended" }), world({}, "suspended")]) {
      await expect(
        login(w.deps, { email: "ann@example.com", password: PASSWORD, origin: ORIGIN }),
      ).rejects.toThrow(ForbiddenError);
      expect(w.sessions.records.size).toBe(0);
    }
  });

  it("issues a staff token, with no tenant, to platform staff", async () => {
    const w = world({ role: "reviewer", tenantId: undefined });
    await login(w.deps, { email: "ann@example.com", password: PASSWORD, origin: ORIGIN });
    expect(w.tokens.issued).toEqual([{ kind: "staff", userId: "u1", role: "reviewer" }]);
  });
});
