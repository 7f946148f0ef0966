/** The realtime adapters against DynamoDB Local: tickets, connection records, assignments' hook. */
import { randomBytes } from "node:crypto";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import {
  assignedTenants,
  createAssignmentsRepository,
} from "#shared/adapters/dynamodb/identity/assignments-repository";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { createConnectionRepository } from "#shared/adapters/dynamodb/realtime/connection-repository";
import { createTicketRepository } from "#shared/adapters/dynamodb/realtime/ticket-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import type { ConnectionRecord, StoredTicket } from "#shared/domain/realtime/ports";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { clientConfig, startFixtureCloud } from "../support.ts";

let cloud: LocalCloud;
let client: DynamoDBClient;
let table: SingleTable;
const now = Math.floor(Date.now() / 1000);
const run = randomBytes(4).toString("hex");
const tenant = (name: string) => parseTenantId(`rt-${run}-${name}`);

beforeAll(async () => {
  cloud = await startFixtureCloud();
  client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  table = new SingleTable({ client, tableName: cloud.locator.tableName, cursorKey: randomBytes(32) });
});

afterAll(async () => {
  client?.destroy();
  await cloud?.stop();
});

const ticket = (expiresAt: number): StoredTicket => ({
  identity: { userId: "u1", role: "member", tenantId: tenant("t"), tokenExpiresAt: now + 900 },
  expiresAt,
});

describe("the ticket repository", () => {
  it("stores a ticket under its digest with the TTL at its expiry", async () => {
    const tickets = createTicketRepository(table);
    await tickets.save("digest-ttl", ticket(now + 60));
    const raw = await client.send(
      new GetItemCommand({
        TableName: cloud.locator.tableName,
        Key: { pk: { S: "WS_TICKET#digest-ttl" }, sk: { S: "WS_TICKET" } },
      }),
    );
    expect(raw.Item?.ttl?.N).toBe(String(now + 60));
  });

  it("hands a ticket out once: the second consume finds nothing", async () => {
    const tickets = createTicketRepository(table);
    await tickets.save("digest-once", ticket(now + 60));
    expect(await tickets.consume("digest-once", now)).toEqual(ticket(now + 60));
    expect(await tickets.consume("digest-once", now)).toBeUndefined();
  });

  it("hands a ticket to exactly one of many concurrent consumers", async () => {
    const tickets = createTicketRepository(table);
    await tickets.save("digest-race", ticket(now + 60));
    const answers = await Promise.all(Array.from({ length: 8 }, () => tickets.consume("digest-race", now)));
    expect(answers.filter((a) => a !== undefined)).toHaveLength(1);
  });

  it("refuses an expired ticket that TTL has not deleted yet, and leaves it to TTL", async () => {
    const tickets = createTicketRepository(table);
    await tickets.save("digest-expired", ticket(now - 1));
    expect(await tickets.consume("digest-expired", now)).toBeUndefined();
    expect(await table.platform().get("WS_TICKET", "digest-expired", { consistent: true })).toBeDefined();
  });

  it("refuses an unknown ticket", async () => {
    expect(await createTicketRepository(table).consume("never-issued", now)).toBeUndefined();
  });
});

const record = (connectionId: string, userId: string, role: ConnectionRecord["role"]): ConnectionRecord => ({
  connectionId,
  userId,
  role,
  expiresAt: now + 900,
});
const ids = (records: ConnectionRecord[]) => records.map((r) => r.connectionId).sort();

describe("the connection repository", () => {
  const a = tenant("a");
  const b = tenant("b");

  it("keeps a tenant's connections in its own partition: another tenant's query never sees them", async () => {
    const connections = createConnectionRepository(table);
    await connections.record(record(`${run}-a1`, "ua", "member"), { tenants: [a], allTenants: false });
    await connections.record(record(`${run}-b1`, "ub", "admin"), { tenants: [b], allTenants: false });
    expect(ids(await connections.ofTenant(a))).toEqual([`${run}-a1`]);
    expect(ids(await connections.ofTenant(b))).toEqual([`${run}-b1`]);
    const raw = await client.send(
      new GetItemCommand({
        TableName: cloud.locator.tableName,
        Key: { pk: { S: `TENANT#${a}` }, sk: { S: `CONN#${run}-a1` } },
      }),
    );
    expect(Number(raw.Item?.ttl?.N)).toBeGreaterThan(now + 900);
    expect(Number(raw.Item?.ttl?.N)).toBeLessThanOrEqual(now + 900 + 10 * 60);
  });

  it("records a reviewer under each assigned tenant, a super-admin in the all-tenants audience", async () => {
    const connections = createConnectionRepository(table);
    const c = tenant("c");
    await connections.record(record(`${run}-r1`, "r1", "reviewer"), { tenants: [c, b], allTenants: false });
    await connections.record(record(`${run}-s1`, `boss-${run}`, "super_admin"), {
      tenants: [],
      allTenants: true,
    });
    expect(ids(await connections.ofTenant(c))).toEqual([`${run}-r1`]);
    expect(ids(await connections.ofTenant(b))).toEqual([`${run}-b1`, `${run}-r1`]);
    expect(ids(await connections.ofAllTenants())).toContain(`${run}-s1`);
    expect(ids(await connections.ofAllTenants())).not.toContain(`${run}-r1`);
    expect(ids(await connections.ofUser(`boss-${run}`))).toEqual([`${run}-s1`]);
  });

  it("deletes exactly one connection's records, wherever they are, and nothing of another", async () => {
    const connections = createConnectionRepository(table);
    const d = tenant("d");
    const e = tenant("e");
    await connections.record(record(`${run}-x`, "rx", "reviewer"), { tenants: [d, e], allTenants: false });
    await connections.record(record(`${run}-y`, "ry", "reviewer"), { tenants: [d, e], allTenants: false });
    expect(await connections.remove(`${run}-x`)).toBe(3);
    expect(ids(await connections.ofTenant(d))).toEqual([`${run}-y`]);
    expect(ids(await connections.ofTenant(e))).toEqual([`${run}-y`]);
    expect(await connections.remove(`${run}-x`)).toBe(0);
  });

  it("pages through a tenant with more connections than one query answers", async () => {
    const connections = createConnectionRepository(table);
    const big = tenant("big");
    await Promise.all(
      Array.from({ length: 130 }, (_, i) =>
        connections.record(record(`${run}-big-${i}`, `u${i}`, "member"), {
          tenants: [big],
          allTenants: false,
        }),
      ),
    );
    expect(await connections.ofTenant(big)).toHaveLength(130);
  });
});

describe("assignments and open connections", () => {
  it("lists a reviewer's tenants, and an unassignment removes their connections of that tenant only", async () => {
    const identity = createIdentityRepositories(table);
    const connections = createConnectionRepository(table);
    const reviewerId = await identity.users.createStaff({
      name: "Rita",
      email: `rita-${run}@example.com`,
      role: "reviewer",
      passwordHash: "x",
    });
    const tenants: TenantId[] = [await identity.tenants.create("One"), await identity.tenants.create("Two")];
    const assignments = createAssignmentsRepository(table);
    for (const t of tenants) await assignments.assign(reviewerId, t);
    expect((await assignedTenants(table)(reviewerId)).sort()).toEqual([...tenants].sort());

    const [one, two] = tenants as [TenantId, TenantId];
    await connections.record(record(`${run}-rita`, reviewerId, "reviewer"), { tenants, allTenants: false });
    await assignments.unassign(reviewerId, one);
    expect(ids(await connections.ofTenant(one))).toEqual([]);
    expect(ids(await connections.ofTenant(two))).toEqual([`${run}-rita`]);
    expect(await assignedTenants(table)(reviewerId)).toEqual([two]);
    // Notifications still reach the reviewer's socket: it belongs to them, not to the tenant.
    expect(ids(await connections.ofUser(reviewerId))).toEqual([`${run}-rita`]);
  });
});
