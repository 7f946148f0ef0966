import { describe, expect, it } from "vitest";
import type { Acting } from "#shared/domain/audit/audit-entry";
import { type AdminUsersDeps, setUserStatus } from "./admin-users.ts";
import { SelfSuspensionError } from "./errors.ts";
import type { UserRecord } from "./ports.ts";
import { fakeAudit, fakeLimiter } from "./testing/in-memory.ts";

const ROOT: Acting = { actor: { userId: "root", role: "super_admin" }, ip: "192.0.2.1", correlationId: "r" };
const ANN: UserRecord = {
  email: "ann@example.com",
  name: "Ann",
  role: "reviewer",
  passwordHash: "x",
  status: "active",
};

function world() {
  const audit = fakeAudit();
  const calls: string[] = [];
  const deps: AdminUsersDeps = {
    users: {
      get: async () => undefined,
      createStaff: async () => "new",
      async setStatus(userId, status) {
        calls.push(`${userId}:${status}`);
        const changed = status !== "active";
        return {
          user: { ...ANN, status, id: userId, version: 2, createdAt: "", updatedAt: "" },
          changed,
        };
      },
    },
    loginFailures: fakeLimiter(),
    audit: audit.audit,
  };
  return { deps, audit, calls };
}

describe("setUserStatus", () => {
  it("refuses a super-admin's own suspension before anything is written", async () => {
    const w = world();
    await expect(
      setUserStatus(w.deps, { userId: "root", status: "suspended", acting: ROOT }),
    ).rejects.toThrow(SelfSuspensionError);
    expect(w.calls).toEqual([]);
  });

  it("audits a change of status, and nothing when the status was already so", async () => {
    const w = world();
    await setUserStatus(w.deps, { userId: "ann", status: "suspended", acting: ROOT });
    await setUserStatus(w.deps, { userId: "ann", status: "active", acting: ROOT });
    expect(w.audit.entries.map((e) => [e.type, e.target?.email, e.actor?.userId])).toEqual([
      ["user.suspended", "ann@example.com", "root"],
    ]);
  });
});
