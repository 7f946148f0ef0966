/** The test run's pool of warm DynamoDB Local processes: one process per lease, gone when handed back. */
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseDynamoDbJava } from "#scripts/local/dynamodb-lease";
import { type DynamoDbPool, startDynamoDbPool } from "#scripts/local/dynamodb-pool";
import { consoleLog } from "#scripts/local/log";

let pool: DynamoDbPool;

beforeAll(async () => {
  pool = await startDynamoDbPool({ log: consoleLog("error") });
});

afterAll(async () => {
  await pool?.stop();
});

function clientOf(url: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

describe("the DynamoDB Local pool", () => {
  it("leases each cloud a ready process of its own, whose tables no other lease sees", async () => {
    const [first, second] = await Promise.all([leaseDynamoDbJava(pool.url), leaseDynamoDbJava(pool.url)]);
    const a = clientOf(first.url);
    const b = clientOf(second.url);
    try {
      expect(first.port).not.toBe(second.port);
      await a.send(
        new CreateTableCommand({
          TableName: "only-in-first",
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      expect((await a.send(new ListTablesCommand({}))).TableNames).toEqual(["only-in-first"]);
      expect((await b.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      a.destroy();
      b.destroy();
      await Promise.all([first.stop(), second.stop()]);
    }
    // The second lease starts a Java process on demand.
  }, 180_000);

  it("stops a process handed back, and refuses to hand back one it did not lease", async () => {
    const leased = await leaseDynamoDbJava(pool.url);
    await leased.stop();
    const client = clientOf(leased.url);
    try {
      await expect(client.send(new ListTablesCommand({}))).rejects.toThrow(/ECONNREFUSED|socket|connect/i);
    } finally {
      client.destroy();
    }
    await expect(leased.stop()).rejects.toThrow(/did not release port/);
  });
});
