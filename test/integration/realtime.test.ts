/**
 * Realtime through the real local cloud: tickets from the HTTP API, handshakes through the front
 * door and the ticket authorizer, connection records in DynamoDB Local, events on the local bus to
 * the fan-out rule, and the `@connections` API back to the sockets. Isolation: 50 tenants and 200
 * sockets, counted and asserted per socket.
 */
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import {
  createIdentityRepositories,
  type IdentityRepositories,
} from "#shared/adapters/dynamodb/identity/repositories";
import { createConnectionRepository } from "#shared/adapters/dynamodb/realtime/connection-repository";
import { createTicketRepository } from "#shared/adapters/dynamodb/realtime/ticket-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { readSigningKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import { ticketDigest } from "#shared/domain/realtime/tickets";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import {
  bearerOf,
  type Caller,
  eventPublishers,
  inBatchesOf,
  openSocket,
  refusalOf,
  type Socket,
  ticketFor,
} from "./realtime/sockets.ts";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let table: SingleTable;
let keys: SigningKeySet;
let store: IdentityRepositories;
let events: ReturnType<typeof eventPublishers>;
const sockets: Socket[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({
    log: consoleLog(process.env.REALTIME_TEST_LOG === "warn" ? "warn" : "error"),
  });
  const secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  keys = await readSigningKeys(sdkSecretReader(secrets), cloud.locator.secretId("signing-keys"));
  secrets.destroy();
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  table = new SingleTable({
    client: dynamodb,
    tableName: cloud.locator.tableName,
    cursorKey: randomBytes(32),
  });
  store = createIdentityRepositories(table);
  events = eventPublishers(cloud);
}, 120_000);

afterAll(async () => {
  // Dropped, not closed one by one: the cloud stops next, and their records expire with their TTL.
  for (const s of sockets) s.ws.terminate();
  events?.destroy();
  dynamodb?.destroy();
  await cloud?.stop();
});

const email = (who: string) => `${who}.${ulid().toLowerCase()}@example.com`;

async function tenantAdmin(name: string): Promise<Caller & { tenantId: TenantId }> {
  const { tenantId, userId } = await store.tenants.register({
    tenantName: name,
    name: "Owner",
    email: email("owner"),
    passwordHash: "x",
  });
  return { userId, role: "admin", tenantId };
}

async function staff(role: "reviewer" | "super_admin"): Promise<Caller> {
  const userId = await store.users.createStaff({ name: role, email: email(role), role, passwordHash: "x" });
  return { userId, role };
}

/** Signs the caller in, asks for a ticket and opens a socket with it. */
async function connectAs(caller: Caller): Promise<Socket> {
  const socket = await openSocket(cloud, await ticketFor(cloud, bearerOf(cloud, keys, caller)));
  sockets.push(socket);
  return socket;
}

describe("the handshake", () => {
  it("opens a socket with a fresh ticket, and refuses the same ticket again", async () => {
    const admin = await tenantAdmin("Handshake");
    const ticket = await ticketFor(cloud, bearerOf(cloud, keys, admin));
    const socket = await openSocket(cloud, ticket);
    sockets.push(socket);
    expect(await refusalOf(cloud, ticket)).toBe(403);
    // The refused replay created no connection: the tenant has exactly the one socket.
    expect((await createConnectionRepository(table).ofTenant(admin.tenantId)).length).toBe(1);
  });

  it("refuses an expired ticket that is still stored, a forged one and none at all", async () => {
    const admin = await tenantAdmin("Refusals");
    const expired = randomBytes(32).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    await createTicketRepository(table).save(ticketDigest(expired), {
      identity: { userId: admin.userId, role: "admin", tenantId: admin.tenantId, tokenExpiresAt: now + 900 },
      expiresAt: now - 1,
    });
    expect(await refusalOf(cloud, expired)).toBe(403);
    expect(await refusalOf(cloud, randomBytes(32).toString("base64url"))).toBe(403);
    expect(await refusalOf(cloud, "not-even-a-ticket")).toBe(403);
    expect(await refusalOf(cloud, undefined)).toBe(401);
  });

  it("answers a ping with a pong, and deletes the connection's records when it closes", async () => {
    const admin = await tenantAdmin("Ping");
    const socket = await connectAs(admin);
    socket.ws.send(JSON.stringify({ action: "ping" }));
    await socket.received(1);
    expect(socket.messages[0]).toEqual({ type: "pong" });
    await socket.close();
    sockets.splice(sockets.indexOf(socket), 1);
    const connections = createConnectionRepository(table);
    await expect
      .poll(async () => (await connections.ofTenant(admin.tenantId)).length, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe(0);
  });
});

describe("isolation: 50 tenants, 200 sockets", () => {
  const TENANTS = 50;
  /** tenant index → the sockets of its users (3 each: 150). */
  const tenantSockets = new Map<number, Socket[]>();
  /** reviewer → the tenants assigned to them, and their sockets (10 reviewers × 4 sockets: 40). */
  const reviewerSockets: { tenants: Set<number>; sockets: Socket[] }[] = [];
  /** super-admins' sockets (2 × 5: 10), which hear every tenant. */
  const superAdminSockets: Socket[] = [];
  const admins: (Caller & { tenantId: TenantId })[] = [];
  const indexOf = new Map<string, number>();

  beforeAll(async () => {
    admins.push(...(await inBatchesOf([...Array(TENANTS).keys()], 10, (i) => tenantAdmin(`Isolation ${i}`))));
    for (const [i, admin] of admins.entries()) indexOf.set(admin.tenantId, i);
    const reviewers = await inBatchesOf([...Array(10).keys()], 10, () => staff("reviewer"));
    for (const [r, reviewer] of reviewers.entries()) {
      // Reviewers 0–7 each hold 5 neighbouring tenants; 8 holds every tenth; 9 holds none.
      const assigned = r < 8 ? [0, 1, 2, 3, 4].map((k) => r * 5 + k) : r === 8 ? [0, 10, 20, 30, 40] : [];
      for (const t of assigned)
        await store.assignments.assign(reviewer.userId, admins[t]?.tenantId as TenantId);
      reviewerSockets.push({ tenants: new Set(assigned), sockets: [] });
    }
    const superAdmins = await Promise.all([staff("super_admin"), staff("super_admin")]);

    const opens: (() => Promise<void>)[] = [];
    admins.forEach((admin, t) => {
      tenantSockets.set(t, []);
      for (let k = 0; k < 3; k++)
        opens.push(async () => void tenantSockets.get(t)?.push(await connectAs(admin)));
    });
    reviewers.forEach((reviewer, r) => {
      for (let k = 0; k < 4; k++)
        opens.push(async () => void reviewerSockets[r]?.sockets.push(await connectAs(reviewer)));
    });
    for (const superAdmin of superAdmins) {
      for (let k = 0; k < 5; k++)
        opens.push(async () => void superAdminSockets.push(await connectAs(superAdmin)));
    }
    await inBatchesOf(opens, 8, (open) => open());
  }, 300_000);

  it("opened exactly 200 sockets", () => {
    const total =
      [...tenantSockets.values()].flat().length +
      reviewerSockets.flatMap((r) => r.sockets).length +
      superAdminSockets.length;
    expect(total).toBe(200);
  });

  it("delivers each tenant's event to exactly its users, its assigned reviewers and the super-admins", async () => {
    const runs = admins.map(() => ulid());
    await inBatchesOf(admins, 10, (admin) =>
      events.progress(
        admin.tenantId,
        runs[indexOf.get(admin.tenantId) ?? -1] as string,
        `iso-${admin.tenantId}`,
      ),
    );
    const expected = (s: Socket, count: number) => s.received(count, 120_000);
    await Promise.all([
      ...[...tenantSockets.values()].flat().map((s) => expected(s, 1)),
      ...reviewerSockets.flatMap((r) => r.sockets.map((s) => expected(s, r.tenants.size))),
      ...superAdminSockets.map((s) => expected(s, TENANTS)),
    ]);
    // Every delivery has settled: nothing more can arrive, so the counts below are final.
    await cloud.eventRules.idle();

    const tenantsHeard = (s: Socket) => s.messages.map((m) => indexOf.get(String(m.tenantId)));
    let delivered = 0;
    for (const [t, list] of tenantSockets) {
      for (const s of list) {
        expect(tenantsHeard(s)).toEqual([t]);
        expect(s.messages[0]).toEqual({
          type: "agent.progress",
          tenantId: admins[t]?.tenantId,
          runId: runs[t],
          correlationId: `iso-${admins[t]?.tenantId}`,
          data: { runId: runs[t], role: "blog-writer", step: "drafting", percent: 50 },
        });
        delivered += s.messages.length;
      }
    }
    for (const r of reviewerSockets) {
      for (const s of r.sockets) {
        expect(tenantsHeard(s).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
          [...r.tenants].sort((a, b) => a - b),
        );
        delivered += s.messages.length;
      }
    }
    for (const s of superAdminSockets) {
      expect(new Set(tenantsHeard(s)).size).toBe(TENANTS);
      expect(s.messages).toHaveLength(TENANTS);
      delivered += s.messages.length;
    }
    // 150 tenant sockets × 1, reviewers 8 × 5 tenants × 4 sockets + 5 × 4, super-admins 10 × 50.
    expect(delivered).toBe(150 + 8 * 5 * 4 + 5 * 4 + 10 * 50);
  }, 240_000);

  it("sends a notification to the notified user's sockets only", async () => {
    const before = new Map(sockets.map((s) => [s, s.messages.length]));
    const target = admins[7] as Caller & { tenantId: TenantId };
    await events.notify(target.tenantId, target.userId, "notify-1");
    await Promise.all((tenantSockets.get(7) ?? []).map((s) => s.received(2, 60_000)));
    await cloud.eventRules.idle();
    for (const s of sockets) {
      const got = s.messages.slice(before.get(s) ?? 0);
      const mine = tenantSockets.get(7)?.includes(s) === true;
      expect(got.map((m) => m.type)).toEqual(mine ? ["notification.created"] : []);
    }
  }, 120_000);

  it("deletes exactly the connection that answers gone, and still delivers to the others", async () => {
    const connections = createConnectionRepository(table);
    const t = 3;
    const tenantId = admins[t]?.tenantId as TenantId;
    const ghost = `ghost-${ulid()}`;
    await connections.record(
      {
        connectionId: ghost,
        userId: admins[t]?.userId as string,
        role: "admin",
        expiresAt: Math.floor(Date.now() / 1000) + 600,
      },
      { tenants: [tenantId], allTenants: false },
    );
    const live = (await connections.ofTenant(tenantId)).map((c) => c.connectionId);
    expect(live).toContain(ghost);
    const counts = (tenantSockets.get(t) ?? []).map((s) => s.messages.length);
    await events.progress(tenantId, ulid(), "gone-1");
    await Promise.all((tenantSockets.get(t) ?? []).map((s, i) => s.received((counts[i] ?? 0) + 1, 60_000)));
    await cloud.eventRules.idle();
    const after = (await connections.ofTenant(tenantId)).map((c) => c.connectionId).sort();
    expect(after).toEqual(live.filter((id) => id !== ghost).sort());
  }, 120_000);
});
