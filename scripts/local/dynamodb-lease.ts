/**
 * The clouds' side of the test run's DynamoDB Local pool (`dynamodb-pool.ts`): where it answers, and
 * how a cloud takes a process from it and hands it back.
 */
import type { RunningDynamoDb } from "./dynamodb.ts";

/** The environment variable holding the pool's control URL. */
export const DYNAMODB_POOL_ENV = "LEADMETRICS_DYNAMODB_POOL";

/**
 * A process leased from the pool at `poolUrl`: stopping it hands it back, and the pool stops it. The
 * process is ready (it answered `ListTables`) when the lease answers.
 */
export async function leaseDynamoDbJava(poolUrl: string): Promise<RunningDynamoDb & { port: number }> {
  const leased = await fetch(`${poolUrl}/lease`, { method: "POST" });
  if (!leased.ok) {
    throw new Error(`the DynamoDB pool did not lease a process (${leased.status}): ${await leased.text()}`);
  }
  const { port } = (await leased.json()) as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const released = await fetch(`${poolUrl}/release?port=${port}`, { method: "POST" });
      if (!released.ok) {
        throw new Error(`the DynamoDB pool did not release port ${port} (${released.status})`);
      }
    },
  };
}
