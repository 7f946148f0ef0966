/**
 * Keeps warm DynamoDB Local processes ahead of the next local clouds for a test run (integration,
 * browser): a cloud's start is then its own services, not a Java process's start. Each cloud still
 * gets a process of its own (`scripts/local/dynamodb-pool.ts`). One pool serves every project of the
 * run, with as many processes warm as the most files any of them runs at once.
 */
import type { TestProject } from "vitest/node";
import { DYNAMODB_POOL_ENV } from "#scripts/local/dynamodb-lease";
import { type DynamoDbPool, startDynamoDbPool } from "#scripts/local/dynamodb-pool";
import { consoleLog } from "#scripts/local/log";
import { acquireShared, releaseShared } from "./shared-across-projects.ts";

const KEY = "dynamodb-pool";

/** The most test files at once among the run's projects that lease from the pool. */
function filesAtOnce(project: TestProject): number {
  const leasing = project.vitest.projects.filter((p) =>
    [p.config.globalSetup].flat().some((file) => file.endsWith("dynamodb-pool.global-setup.ts")),
  );
  return Math.max(1, ...leasing.map((p) => p.config.maxWorkers ?? 1));
}

export async function setup(project: TestProject): Promise<void> {
  const pool = await acquireShared(KEY, () =>
    startDynamoDbPool({ warm: filesAtOnce(project), log: consoleLog("warn") }),
  );
  process.env[DYNAMODB_POOL_ENV] = pool.url;
}

export async function teardown(): Promise<void> {
  await releaseShared<DynamoDbPool>(KEY, async (pool) => {
    delete process.env[DYNAMODB_POOL_ENV];
    await pool.stop();
  });
}
