import { describe, expect, it } from "vitest";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { AUDIENCE_TTL_MS, withAudienceCache } from "./audience-cache.ts";
import { fanOut } from "./fan-out.ts";
import type { ConnectionRecord, ConnectionRepository } from "./ports.ts";
import { fakeConnections, fakeLog, fakePoster } from "./testing/in-memory.ts";

const acme = parseTenantId("acme");
const globex = parseTenantId("globex");
const START = Date.parse("2026-03-01T12:00:00.000Z");

const connection = (connectionId: string, userId = connectionId): ConnectionRecord => ({
  connectionId,
  userId,
  role: "member",
  expiresAt: START / 1000 + 900,
});

/** The fake store, the reads it answered by audience, and the cache over it on a clock the test moves. */
function cached() {
  const store = fakeConnections();
  const reads: string[] = [];
  const counted: ConnectionRepository = {
    ...store,
    ofTenant: (tenantId) => {
      reads.push(`tenant:${tenantId}`);
      return store.ofTenant(tenantId);
    },
    ofAllTenants: () => {
      reads.push("all-tenants");
      return store.ofAllTenants();
    },
    ofUser: (userId) => {
      reads.push(`user:${userId}`);
      return store.ofUser(userId);
    },
  };
  const clock = { at: START };
  const connections = withAudienceCache(counted, { now: () => clock.at });
  return { store, reads, clock, connections };
}

const ids = (records: ConnectionRecord[]) => records.map((r) => r.connectionId).sort();

describe("the fan-out's audience cache", () => {
  it("reads each audience once within the TTL, and each tenant and user on its own", async () => {
    const { store, reads, clock, connections } = cached();
    await store.record(connection("a1"), { tenants: [acme], allTenants: false });
    await store.record(connection("g1"), { tenants: [globex], allTenants: false });
    expect(ids(await connections.ofTenant(acme))).toEqual(["a1"]);
    clock.at += AUDIENCE_TTL_MS - 1;
    expect(ids(await connections.ofTenant(acme))).toEqual(["a1"]);
    expect(ids(await connections.ofTenant(globex))).toEqual(["g1"]);
    await connections.ofAllTenants();
    await connections.ofAllTenants();
    await connections.ofUser("a1");
    await connections.ofUser("g1");
    expect(reads).toEqual(["tenant:acme", "tenant:globex", "all-tenants", "user:a1", "user:g1"]);
  });

  it("lets a connection recorded after a read be heard once the TTL has passed, not later", async () => {
    const { store, clock, connections } = cached();
    expect(await connections.ofTenant(acme)).toEqual([]);
    await store.record(connection("late"), { tenants: [acme], allTenants: false });
    clock.at += AUDIENCE_TTL_MS - 1;
    expect(await connections.ofTenant(acme)).toEqual([]);
    clock.at += 1;
    expect(ids(await connections.ofTenant(acme))).toEqual(["late"]);
  });

  it("forgets every audience when a connection is removed, so a gone one is not posted to again", async () => {
    const { store, reads, connections } = cached();
    await store.record(connection("gone"), { tenants: [acme], allTenants: true });
    await connections.ofTenant(acme);
    await connections.ofAllTenants();
    expect(await connections.remove("gone")).toBe(2);
    expect(await connections.ofTenant(acme)).toEqual([]);
    expect(await connections.ofAllTenants()).toEqual([]);
    expect(reads).toEqual(["tenant:acme", "all-tenants", "tenant:acme", "all-tenants"]);
  });

  it("does not remember a read that failed", async () => {
    const store = fakeConnections();
    let failures = 1;
    const flaky: ConnectionRepository = {
      ...store,
      ofTenant: async (tenantId) => {
        if (failures-- > 0) throw new Error("throttled");
        return store.ofTenant(tenantId);
      },
    };
    await store.record(connection("a1"), { tenants: [acme], allTenants: false });
    const connections = withAudienceCache(flaky, { now: () => START });
    await expect(connections.ofTenant(acme)).rejects.toThrow("throttled");
    expect(ids(await connections.ofTenant(acme))).toEqual(["a1"]);
  });

  it("serves a run's events from one read of each audience, and still delivers each to every socket", async () => {
    const { store, reads, connections } = cached();
    await store.record(connection("a1"), { tenants: [acme], allTenants: false });
    await store.record(connection("boss"), { tenants: [], allTenants: true });
    const { poster, received } = fakePoster();
    const deps = { connections, poster, now: () => new Date(START), log: fakeLog() };
    for (const type of ["agent.progress", "agent.completed", "content.status-changed"]) {
      await fanOut(deps, { type, tenantId: acme, correlationId: "c1", runId: "r1", data: { runId: "r1" } });
    }
    expect(reads).toEqual(["tenant:acme", "all-tenants"]);
    expect(received.get("a1")).toHaveLength(3);
    expect(received.get("boss")).toHaveLength(3);
  });
});
