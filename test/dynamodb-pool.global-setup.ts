/**
 * Keeps a warm DynamoDB Local ahead of the next local cloud for a whole test project (integration or
 * browser): a cloud's start is then its own services, not a Java process's start. Each cloud still
 * gets a process of its own (`scripts/local/dynamodb-pool.ts`).
 */
import { DYNAMODB_POOL_ENV } from "#scripts/local/dynamodb-lease";
import { type DynamoDbPool, startDynamoDbPool } from "#scripts/local/dynamodb-pool";
import { consoleLog } from "#scripts/local/log";

let pool: DynamoDbPool | undefined;

export async function setup(): Promise<void> {
  pool = await startDynamoDbPool({ log: consoleLog("warn") });
  process.env[DYNAMODB_POOL_ENV] = pool.url;
}

export async function teardown(): Promise<void> {
  delete process.env[DYNAMODB_POOL_ENV];
  await pool?.stop();
}
