import { describe, expect, it } from "vitest";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { FanOutIncompleteError } from "./errors.ts";
import { fanOut, settleBounded } from "./fan-out.ts";
import type { RealtimeEvent } from "./message.ts";
import type { ConnectionRecord, Placement } from "./ports.ts";
import { fakeConnections, fakeLog, fakePoster } from "./testing/in-memory.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const now = NOW.getTime() / 1000;
const acme = parseTenantId("acme");
const globex = parseTenantId("globex");

async function world(poster = fakePoster()) {
  const connections = fakeConnections();
  const add = (
    id: string,
    userId: string,
    role: ConnectionRecord["role"],
    placement: Placement,
    expiresAt = now + 900,
  ) => connections.record({ connectionId: id, userId, role, expiresAt }, placement);
  await add("acme-member", "u1", "member", { tenants: [acme], allTenants: false });
  await add("acme-admin", "u2", "admin", { tenants: [acme], allTenants: false });
  await add("globex-member", "u3", "member", { tenants: [globex], allTenants: false });
  await add("reviewer-of-both", "r1", "reviewer", { tenants: [acme, globex], allTenants: false });
  await add("reviewer-of-globex", "r2", "reviewer", { tenants: [globex], allTenants: false });
  await add("super-admin", "boss", "super_admin", { tenants: [], allTenants: true });
  await add("expired", "u1", "member", { tenants: [acme], allTenants: false }, now - 1);
  const log = fakeLog();
  const deps = { connections, poster: poster.poster, now: () => NOW, log };
  return { connections, deps, received: poster.received, log, poster };
}

const progress = (tenantId = acme): RealtimeEvent => ({
  type: "agent.progress",
  tenantId,
  correlationId: "corr-1",
  runId: "run-1",
  data: { runId: "run-1", step: "drafting", percent: 40 },
});

describe("the fan-out", () => {
  it("sends a tenant event to its users, its assigned reviewers and super-admins, and to no one else", async () => {
    const { deps, received } = await world();
    expect(await fanOut(deps, progress())).toEqual({ sent: 4, gone: 0 });
    expect([...received.keys()].sort()).toEqual([
      "acme-admin",
      "acme-member",
      "reviewer-of-both",
      "super-admin",
    ]);
  });

  it("sends the documented message: type, tenant, run or content id, correlation id and data", async () => {
    const { deps, received } = await world();
    await fanOut(deps, progress());
    expect(JSON.parse(received.get("acme-member")?.[0] ?? "")).toEqual({
      type: "agent.progress",
      tenantId: "acme",
      runId: "run-1",
      correlationId: "corr-1",
      data: { runId: "run-1", step: "drafting", percent: 40 },
    });
  });

  it("sends a notification to the notified user's connections only", async () => {
    const { deps, received } = await world();
    await fanOut(deps, {
      type: "notification.created",
      tenantId: globex,
      userId: "r1",
      correlationId: "c",
      data: { notificationId: "n1", userId: "r1", kind: "content.waiting" },
    });
    expect([...received.keys()]).toEqual(["reviewer-of-both"]);
  });

  it("tells nobody about an event of no tenant and no user", async () => {
    const { deps, received } = await world();
    expect(await fanOut(deps, { type: "agent.progress", correlationId: "c", data: {} })).toEqual({
      sent: 0,
      gone: 0,
    });
    expect(received.size).toBe(0);
  });

  it("deletes exactly the connection that answered gone, and counts it", async () => {
    const { deps, connections } = await world(fakePoster({ gone: ["acme-admin"] }));
    expect(await fanOut(deps, progress())).toEqual({ sent: 3, gone: 1 });
    expect(connections.placements.has("acme-admin")).toBe(false);
    expect(connections.placements.size).toBe(6);
  });

  it("delivers to everyone else, logs each other failure with the correlation id, then fails", async () => {
    const { deps, received, log, connections } = await world(fakePoster({ failing: ["acme-member"] }));
    await expect(fanOut(deps, progress())).rejects.toBeInstanceOf(FanOutIncompleteError);
    expect([...received.keys()].sort()).toEqual(["acme-admin", "reviewer-of-both", "super-admin"]);
    expect(log.lines.filter((l) => l.level === "error")).toEqual([
      expect.objectContaining({
        message: "Realtime delivery failed",
        attributes: expect.objectContaining({ correlationId: "corr-1", connectionId: "acme-member" }),
      }),
    ]);
    expect(connections.placements.has("acme-member")).toBe(true);
  });

  it("keeps at most the configured number of posts in flight", async () => {
    const poster = fakePoster();
    const connections = fakeConnections();
    for (let i = 0; i < 40; i++) {
      await connections.record(
        { connectionId: `c${i}`, userId: `u${i}`, role: "member", expiresAt: now + 60 },
        { tenants: [acme], allTenants: false },
      );
    }
    const deps = { connections, poster: poster.poster, now: () => NOW, log: fakeLog(), concurrency: 10 };
    expect(await fanOut(deps, progress())).toEqual({ sent: 40, gone: 0 });
    expect(poster.maxInFlight()).toBe(10);
  });
});

describe("settleBounded", () => {
  it("answers every outcome in order, failures included", async () => {
    const results = await settleBounded([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error("two");
      return n * 10;
    });
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed"))).toEqual([10, "failed", 30]);
  });
});
