import { describe, expect, it } from "vitest";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { CONNECTION_MAX_SECONDS, connect, connectionExpiry, disconnect } from "./connections.ts";
import { identityFromContext, toAuthorizerContext } from "./identity.ts";
import { fakeConnections, fakeLog } from "./testing/in-memory.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const now = NOW.getTime() / 1000;
const acme = parseTenantId("acme");
const globex = parseTenantId("globex");

function setup(assigned: Record<string, string[]> = {}) {
  const connections = fakeConnections();
  const deps = {
    connections,
    assignedTenants: async (id: string) => (assigned[id] ?? []).map(parseTenantId),
    now: () => NOW,
    log: fakeLog(),
  };
  return { connections, deps };
}

describe("where a connection is recorded", () => {
  it("records a tenant user's connection under their tenant only", async () => {
    const { deps } = setup();
    const { placement } = await connect(deps, "c1", {
      userId: "u1",
      role: "admin",
      tenantId: acme,
      tokenExpiresAt: now + 900,
    });
    expect(placement).toEqual({ tenants: [acme], allTenants: false });
  });

  it("records a reviewer's connection under each tenant assigned to them, and nowhere else", async () => {
    const { deps } = setup({ r1: ["acme", "globex"] });
    const { placement } = await connect(deps, "c1", {
      userId: "r1",
      role: "reviewer",
      tokenExpiresAt: now + 900,
    });
    expect(placement).toEqual({ tenants: [acme, globex], allTenants: false });
  });

  it("records a reviewer with no assignment under no tenant", async () => {
    const { deps } = setup();
    const { placement } = await connect(deps, "c1", {
      userId: "r2",
      role: "reviewer",
      tokenExpiresAt: now + 900,
    });
    expect(placement).toEqual({ tenants: [], allTenants: false });
  });

  it("puts a super-admin's connection in the all-tenants audience, under no tenant", async () => {
    const { deps } = setup({ boss: ["acme"] });
    const { placement } = await connect(deps, "c1", {
      userId: "boss",
      role: "super_admin",
      tokenExpiresAt: now + 900,
    });
    expect(placement).toEqual({ tenants: [], allTenants: true });
  });

  it("lets a connection live until its token expires, never past two hours", () => {
    const identity = { userId: "u", role: "member", tenantId: acme } as const;
    expect(connectionExpiry({ ...identity, tokenExpiresAt: now + 900 }, NOW)).toBe(now + 900);
    expect(connectionExpiry({ ...identity, tokenExpiresAt: now + 99_999 }, NOW)).toBe(
      now + CONNECTION_MAX_SECONDS,
    );
  });

  it("removes exactly the disconnected connection's records", async () => {
    const { deps, connections } = setup({ r1: ["acme", "globex"] });
    await connect(deps, "c1", { userId: "r1", role: "reviewer", tokenExpiresAt: now + 900 });
    await connect(deps, "c2", { userId: "u1", role: "member", tenantId: acme, tokenExpiresAt: now + 900 });
    expect(await disconnect(deps, "c1")).toBe(3);
    expect([...connections.placements.keys()]).toEqual(["c2"]);
  });
});

describe("the identity between the authorizer and $connect", () => {
  it("travels as strings and comes back as it was", () => {
    const identity = { userId: "u1", role: "member", tenantId: acme, tokenExpiresAt: now } as const;
    const context = toAuthorizerContext(identity);
    expect(Object.values(context).every((v) => typeof v === "string")).toBe(true);
    expect(identityFromContext({ ...context, principalId: "u1" })).toEqual(identity);
  });

  it("refuses a tenant role without a tenant, and staff with one", () => {
    expect(() => identityFromContext({ userId: "u", role: "member", tokenExpiresAt: "1" })).toThrow();
    expect(() =>
      identityFromContext({ userId: "u", role: "reviewer", tenantId: "acme", tokenExpiresAt: "1" }),
    ).toThrow();
    expect(identityFromContext({ userId: "u", role: "reviewer", tokenExpiresAt: "1" })).toEqual({
      userId: "u",
      role: "reviewer",
      tokenExpiresAt: 1,
    });
  });
});
