/** The data kit against DynamoDB Local: scopes, conditional writes, transactions, indexes, pagination. */
import { randomBytes } from "node:crypto";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { afterGuardedChange, type GuardedChange } from "#shared/adapters/dynamodb/guarded-update";
import { createdItem } from "#shared/adapters/dynamodb/item";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { ConflictError, NotFoundError, ValidationError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let client: DynamoDBClient;
let table: SingleTable;
const tenantA = parseTenantId("data-a");
const tenantB = parseTenantId("data-b");

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error") });
  client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  table = new SingleTable({ client, tableName: cloud.locator.tableName, cursorKey: randomBytes(32) });
});

afterAll(async () => {
  client?.destroy();
  await cloud?.stop();
});

describe("tenant scopes", () => {
  it("put the tenant into every key, index keys included, so one tenant cannot read another's item", async () => {
    await table
      .forTenant(tenantA)
      .create(
        "CONTENT",
        "c1",
        { title: "A's post" },
        { indexes: { gsi1: { pk: "STATUS#draft", sk: "c1" } } },
      );
    const raw = await client.send(
      new GetItemCommand({
        TableName: cloud.locator.tableName,
        Key: { pk: { S: "TENANT#data-a" }, sk: { S: "CONTENT#c1" } },
      }),
    );
    expect(raw.Item?.gsi1pk?.S).toBe("TENANT#data-a#STATUS#draft");
    expect(await table.forTenant(tenantB).get("CONTENT", "c1")).toBeUndefined();
    expect((await table.forTenant(tenantB).listByIndex("gsi1", "STATUS#draft")).items).toEqual([]);
    const own = await table.forTenant(tenantA).listByIndex<{ title: string }>("gsi1", "STATUS#draft");
    expect(own.items.map((i) => i.title)).toEqual(["A's post"]);
  });

  it("can only be built from a validated tenant id", () => {
    for (const bad of ["", "a#b", "TENANT#x", " ", "x".repeat(65)]) {
      expect(() => parseTenantId(bad)).toThrow(ValidationError);
    }
  });

  it("keep platform items out of every tenant partition", async () => {
    await expect(table.platform().get("TENANT", "data-a")).rejects.toThrow(/cannot use the TENANT partition/);
    await table.platform().create("EMAIL", "someone@example.com", { userId: "u1" });
    expect(await table.platform().get("EMAIL", "someone@example.com")).toMatchObject({
      userId: "u1",
      version: 1,
    });
  });

  it("refuse data that tries to set a key or bookkeeping attribute", async () => {
    await expect(
      table.forTenant(tenantA).create("CONTENT", "c-evil", { pk: "TENANT#data-b" }),
    ).rejects.toThrow(/managed by the data kit/);
  });
});

describe("conditional writes", () => {
  it("refuse to create an item twice with 409", async () => {
    await table.forTenant(tenantA).create("CONTENT", "dup", { title: "first" });
    await expect(
      table.forTenant(tenantA).create("CONTENT", "dup", { title: "second" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await table.forTenant(tenantA).get("CONTENT", "dup")).toMatchObject({ title: "first" });
  });

  it("apply optimistic concurrency: the stale writer gets 409, a missing item 404", async () => {
    const scope = table.forTenant(tenantA);
    await scope.create("CONTENT", "occ", { title: "v1" });
    const [first, second] = await Promise.allSettled([
      scope.update("CONTENT", "occ", { title: "writer 1" }, { expectedVersion: 1 }),
      scope.update("CONTENT", "occ", { title: "writer 2" }, { expectedVersion: 1 }),
    ]);
    const outcomes = [first, second].map((r) => r.status);
    expect(outcomes.sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = [first, second].find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect((await scope.get("CONTENT", "occ"))?.version).toBe(2);
    await expect(
      scope.update("CONTENT", "never", { title: "x" }, { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("transactions", () => {
  it("write everything or nothing, and name the operation whose condition failed", async () => {
    const scope = table.forTenant(tenantB);
    await scope.create("USER", "taken", { name: "existing" });
    const attempt = table.transact([
      scope.createOp("CONTENT", "tx-1", { title: "would be written" }),
      scope.createOp("USER", "taken", { name: "duplicate" }),
    ]);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(await scope.get("CONTENT", "tx-1")).toBeUndefined();
    expect(await scope.get("USER", "taken")).toMatchObject({ name: "existing" });

    await table.transact([
      scope.createOp("CONTENT", "tx-2", { title: "written" }),
      scope.requireOp("USER", "taken", () => new NotFoundError("user missing")),
    ]);
    expect(await scope.get("CONTENT", "tx-2")).toMatchObject({ title: "written" });
  });
});

describe("versioned writes inside a transaction", () => {
  it("say stale (409) when the item changed and missing (404) when it is gone", async () => {
    const scope = table.forTenant(tenantB);
    await scope.create("CONTENT", "tx-v", { title: "v1" });
    await scope.update("CONTENT", "tx-v", { title: "v2" }, { expectedVersion: 1 });
    const stale = table.transact([
      scope.updateOp("CONTENT", "tx-v", { title: "lost" }, { expectedVersion: 1 }),
    ]);
    await expect(stale).rejects.toMatchObject({ code: "DATA.STALE_VERSION" });
    const missing = table.transact([
      scope.updateOp("CONTENT", "tx-none", { title: "x" }, { expectedVersion: 1 }),
    ]);
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    expect(await scope.get("CONTENT", "tx-v")).toMatchObject({ title: "v2", version: 2 });
  });
});

describe("what a write inside a transaction leaves, without a read", () => {
  it("is what DynamoDB stores: the created item, and a guarded change applied to it", async () => {
    const scope = table.forTenant(tenantA);
    const id = `after-${randomBytes(4).toString("hex")}`;
    const create = scope.createOp("JOB", id, { status: "queued", attempts: 0, leaseUntil: 5, note: "n" });
    await table.transact([create]);
    const created = createdItem<Record<string, unknown>>(create);
    expect(await scope.get("JOB", id, { consistent: true })).toEqual(created);

    const change: GuardedChange = {
      set: { status: "running", detail: { step: "generating", percent: 30 }, skipped: undefined },
      add: { attempts: 1, fresh: 2 },
      remove: ["leaseUntil"],
    };
    const at = new Date(Date.UTC(2026, 10, 26, 1, 2, 3, 456));
    await table.transact([
      scope.updateWhereOp("JOB", id, change, {
        at,
        guard: { expression: "#gs = :gs", names: { "#gs": "status" }, values: { ":gs": "queued" } },
      }),
    ]);
    const stored = await scope.get("JOB", id, { consistent: true });
    expect(afterGuardedChange(created, change, at)).toEqual(stored);
    expect(stored).toMatchObject({ version: 2, updatedAt: at.toISOString(), attempts: 1, fresh: 2 });
  });
});

describe("pagination", () => {
  it("walks every item exactly once with opaque cursors", async () => {
    const scope = table.forTenant(parseTenantId("pager"));
    for (let i = 0; i < 7; i++) await scope.create("NOTE", `n${i}`, { i });
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await scope.list<{ i: number }>("NOTE", { limit: 3, cursor });
      seen.push(...page.items.map((item) => item.i));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("refuses a cursor from another listing: another tenant, another order, another entity", async () => {
    const scope = table.forTenant(parseTenantId("pager"));
    const page = await scope.list("NOTE", { limit: 2 });
    const cursor = page.nextCursor;
    expect(cursor).toBeDefined();
    await expect(table.forTenant(tenantA).list("NOTE", { cursor })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.list("NOTE", { cursor, order: "desc" })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.list("CONTENT", { cursor })).rejects.toBeInstanceOf(ValidationError);
  });
  describe("across index partitions", () => {
    /** Entries of three partitions whose sort keys interleave: `<at>:<partition>:<n>`, unique across them. */
    const platform = () => table.platform();
    const partitions = ["MERGE#a", "MERGE#b", "MERGE#c"];
    const expected: string[] = [];
    beforeAll(async () => {
      const writes: Promise<unknown>[] = [];
      for (let n = 0; n < 12; n++) {
        const partition = partitions[n % 3] as string;
        const sk = `2026-12-07T10:00:${String(n).padStart(2, "0")}.000Z:${partition}:${n}`;
        expected.push(sk);
        writes.push(
          platform().create("MERGED", `m${n}`, { key: sk, n }, { indexes: { gsi2: { pk: partition, sk } } }),
        );
      }
      await Promise.all(writes);
    });

    async function walk(limit: number, of: readonly string[]): Promise<{ keys: string[]; pages: number }> {
      const keys: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await platform().listByIndexes<{ key: string }>("gsi2", of, {
          name: "merge",
          limit,
          cursor,
        });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        keys.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      return { keys, pages };
    }

    it("reads them as one listing in sort-key order, every item once, a page at a time", async () => {
      for (const limit of [1, 4, 5, 12, 100]) {
        const { keys, pages } = await walk(limit, partitions);
        expect(keys, `limit ${limit}`).toEqual(expected);
        // A page ends where the next begins; the last cursor may lead to one empty page, never more.
        expect(pages, `limit ${limit}`).toBeLessThanOrEqual(Math.ceil(12 / limit) + 1);
      }
      expect((await walk(5, ["MERGE#b"])).keys).toEqual(expected.filter((sk) => sk.includes(":MERGE#b:")));
      expect((await walk(5, [])).keys).toEqual([]);
    });

    it("never skips what a partition left unread when its Query stopped at DynamoDB's 1 MB", async () => {
      // Eight entries of 300 KB in one partition make its Query stop at 1 MB, before the limit; a small
      // entry of another partition sorts after each of them.
      const big = "x".repeat(300_000);
      const writes: Promise<unknown>[] = [];
      const order: string[] = [];
      for (let n = 0; n < 8; n++) {
        for (const [partition, body] of [
          ["HEAVY#a", big],
          ["HEAVY#b", ""],
        ] as const) {
          const sk = `2026-12-07T11:00:0${n}.000Z:${partition}:${n}`;
          order.push(sk);
          writes.push(
            platform().create(
              "HEAVY",
              `${partition.replace("#", "-")}-${n}`,
              { key: sk, body },
              { indexes: { gsi2: { pk: partition, sk } } },
            ),
          );
        }
      }
      await Promise.all(writes);
      const keys: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await platform().listByIndexes<{ key: string }>("gsi2", ["HEAVY#a", "HEAVY#b"], {
          name: "heavy",
          limit: 100,
          cursor,
        });
        keys.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(keys).toEqual(order);
      expect(pages, "the first page stopped where the heavy partition did").toBeGreaterThan(1);
    });

    it("keeps its place when the partitions change between pages", async () => {
      const first = await platform().listByIndexes<{ key: string }>("gsi2", ["MERGE#a"], {
        name: "merge",
        limit: 2,
      });
      expect(first.items.map((item) => item.key)).toEqual([expected[0], expected[3]]);
      const rest = await platform().listByIndexes<{ key: string }>("gsi2", partitions, {
        name: "merge",
        limit: 100,
        cursor: first.nextCursor,
      });
      expect(rest.items.map((item) => item.key)).toEqual(expected.slice(4));
      expect(rest.nextCursor).toBeUndefined();
    });

    it("refuses a cursor of another listing, another index or altered, and a plain listing's", async () => {
      const page = await platform().listByIndexes("gsi2", partitions, { name: "merge", limit: 2 });
      const cursor = page.nextCursor as string;
      expect(cursor).toBeDefined();
      const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(ValidationError);
      await refused(platform().listByIndexes("gsi2", partitions, { name: "other", cursor }));
      await refused(platform().listByIndexes("gsi1", partitions, { name: "merge", cursor }));
      await refused(table.forTenant(tenantA).listByIndexes("gsi2", partitions, { name: "merge", cursor }));
      await refused(platform().listByIndexes("gsi2", partitions, { name: "merge", cursor: `x${cursor}` }));
      const plain = await platform().listByIndex("gsi2", "MERGE#a", { limit: 1 });
      await refused(
        platform().listByIndexes("gsi2", partitions, { name: "merge", cursor: plain.nextCursor }),
      );
    });
  });
});
