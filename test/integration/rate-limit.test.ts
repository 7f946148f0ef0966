/** Rate limiting on the single table against DynamoDB Local: exact counts, windows, TTL, reset. */
import { createHash } from "node:crypto";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createRateLimiter, RATE_LIMIT_ENTITY } from "#shared/adapters/dynamodb/rate-limit";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { RateLimitedError } from "#shared/domain/errors";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let client: DynamoDBClient;
let table: SingleTable;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error") });
  client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  table = new SingleTable({ client, tableName: cloud.locator.tableName });
});

afterAll(async () => {
  client?.destroy();
  await cloud?.stop();
});

/** A table whose clock the test moves. */
function tableAt(start: Date): { table: SingleTable; advance: (seconds: number) => void } {
  let now = start.getTime();
  return {
    table: new SingleTable({ client, tableName: cloud.locator.tableName, now: () => new Date(now) }),
    advance: (seconds) => {
      now += seconds * 1000;
    },
  };
}

async function rawItem(name: string, key: string) {
  const id = `${name}.${createHash("sha256").update(key).digest("base64url")}`;
  const result = await client.send(
    new GetItemCommand({
      TableName: cloud.locator.tableName,
      Key: { pk: { S: `${RATE_LIMIT_ENTITY}#${id}` }, sk: { S: RATE_LIMIT_ENTITY } },
      ConsistentRead: true,
    }),
  );
  return result.Item;
}

describe("a rate limiter", () => {
  it("allows hits up to the limit, then refuses with the seconds left in the window", async () => {
    const limiter = createRateLimiter(table, { name: "limit-reached", limit: 3, windowSeconds: 60 });
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await limiter.hit("ann@example.com"));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((d) => d.count)).toEqual([1, 2, 3, 4, 5]);
    expect(decisions[0]?.retryAfterSeconds).toBe(0);
    const refused = decisions[4]?.retryAfterSeconds ?? 0;
    expect(refused).toBeGreaterThanOrEqual(55);
    expect(refused).toBeLessThanOrEqual(60);
    expect(await limiter.peek("ann@example.com")).toMatchObject({ allowed: false, count: 5 });
  });

  it("counts concurrent hits exactly: 20 at once with a limit of 10 let exactly 10 through", async () => {
    const limiter = createRateLimiter(table, { name: "concurrent", limit: 10, windowSeconds: 60 });
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.hit("203.0.113.7")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.map((d) => d.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await limiter.peek("203.0.113.7")).toMatchObject({ count: 20 });
  });

  it("forgets a key on reset, and resetting a key never hit is harmless", async () => {
    const limiter = createRateLimiter(table, { name: "reset", limit: 2, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) await limiter.hit("bob@example.com");
    expect((await limiter.peek("bob@example.com")).allowed).toBe(false);
    await limiter.reset("bob@example.com");
    expect(await limiter.peek("bob@example.com")).toEqual({ allowed: true, count: 0, retryAfterSeconds: 0 });
    expect(await limiter.hit("bob@example.com")).toEqual({ allowed: true, count: 1, retryAfterSeconds: 0 });
    await expect(limiter.reset("never-hit@example.com")).resolves.toBeUndefined();
  });

  it("sets the TTL attribute to the window's end, and stores the key only as a digest", async () => {
    const clock = tableAt(new Date("2030-01-01T00:00:00Z"));
    const limiter = createRateLimiter(clock.table, { name: "ttl", limit: 5, windowSeconds: 900 });
    await limiter.hit("carol@example.com");
    clock.advance(100);
    await limiter.hit("carol@example.com");
    const item = await rawItem("ttl", "carol@example.com");
    const windowEnd = Date.parse("2030-01-01T00:15:00Z") / 1000;
    expect(item?.ttl?.N).toBe(String(windowEnd));
    expect(item?.count?.N).toBe("2");
    expect(JSON.stringify(item)).not.toContain("carol");
  });

  it("starts a new window when the old one ended but DynamoDB has not deleted the item yet", async () => {
    const clock = tableAt(new Date("2030-02-01T00:00:00Z"));
    const limiter = createRateLimiter(clock.table, { name: "expiry", limit: 2, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) await limiter.hit("dave@example.com");
    clock.advance(30);
    expect(await limiter.hit("dave@example.com")).toEqual({
      allowed: false,
      count: 4,
      retryAfterSeconds: 30,
    });
    clock.advance(30);
    expect(await limiter.peek("dave@example.com")).toEqual({ allowed: true, count: 0, retryAfterSeconds: 0 });
    expect(await limiter.hit("dave@example.com")).toEqual({ allowed: true, count: 1, retryAfterSeconds: 0 });
    const item = await rawItem("expiry", "dave@example.com");
    expect(item?.ttl?.N).toBe(String(Date.parse("2030-02-01T00:02:00Z") / 1000));
  });

  it("keeps separate counts per key and per limiter name", async () => {
    const login = createRateLimiter(table, { name: "separate-a", limit: 1, windowSeconds: 60 });
    const other = createRateLimiter(table, { name: "separate-b", limit: 1, windowSeconds: 60 });
    expect((await login.hit("erin@example.com")).allowed).toBe(true);
    expect((await login.hit("frank@example.com")).allowed).toBe(true);
    expect((await other.hit("erin@example.com")).allowed).toBe(true);
    expect((await login.hit("erin@example.com")).allowed).toBe(false);
  });

  it("throws RateLimitedError with the retry time from enforce once past the limit", async () => {
    const limiter = createRateLimiter(table, { name: "enforce", limit: 1, windowSeconds: 120 });
    await expect(limiter.enforce("gina@example.com")).resolves.toMatchObject({ allowed: true });
    const error = await limiter.enforce("gina@example.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error instanceof RateLimitedError && error.retryAfterSeconds).toBeGreaterThan(100);
  });

  it("refuses to count on an item of the entity that is not a windowed counter", async () => {
    const id = `broken.${createHash("sha256").update("x").digest("base64url")}`;
    await client.send(
      new PutItemCommand({
        TableName: cloud.locator.tableName,
        Item: { pk: { S: `${RATE_LIMIT_ENTITY}#${id}` }, sk: { S: RATE_LIMIT_ENTITY }, count: { N: "1" } },
      }),
    );
    const limiter = createRateLimiter(table, { name: "broken", limit: 5, windowSeconds: 60 });
    await expect(limiter.hit("x")).rejects.toThrow(/not a windowed counter/);
  });

  it("refuses a bad configuration at creation", () => {
    expect(() => createRateLimiter(table, { name: "Login#IP", limit: 5, windowSeconds: 60 })).toThrow();
    expect(() => createRateLimiter(table, { name: "ok", limit: 0, windowSeconds: 60 })).toThrow();
    expect(() => createRateLimiter(table, { name: "ok", limit: 5, windowSeconds: 0.5 })).toThrow();
  });
});
