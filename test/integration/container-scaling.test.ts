/**
 * A container consumer declared with a task range scales in the local cloud by the rule its CDK
 * policies follow in AWS (`CONTAINER_SCALING`): waiting jobs add tasks, up to the maximum; no task
 * stops while a job remains; once the queue is idle the surplus stops (SIGTERM, as ECS stops a task).
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import type { Log } from "#scripts/local/log";
import { scaleOut } from "#shared/platform/declaration/container-scaling";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { eventSourceDeclaration } from "./event-source/declaration.ts";
import type { JobInstruction } from "./event-source/instructions.ts";
import { clientConfig } from "./support.ts";

const [fixture] = eventSourceDeclaration.containers;
const consumer = { ...fixture, tasks: { min: 1, max: 3 } };
if (!fixture || fixture.timeoutSeconds * 1000 <= 3500)
  throw new Error("the fixture's jobs must outlast 3.5 s");
const declaration: PlatformDeclaration = {
  ...eventSourceDeclaration,
  queueFunctions: [],
  containers: [consumer],
};
const scaled: string[] = [];
const log: Log = (level, message, detail) => {
  if (message.includes(" tasks")) scaled.push(message);
  if (level === "error") console.error(`[local-cloud] ${message}`, detail ?? "");
};

let cloud: LocalCloud;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration,
    publicRoutes: [],
    log,
    containerScaling: { intervalMs: 250, cooldownMs: 3000, idleMs: 250 },
  });
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
}, 60_000);

afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await cloud?.stop();
});

async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every attempt the fixture consumer recorded for `run`'s jobs. */
async function attempts(
  run: string,
): Promise<{ messageId: string; receives: number; status: string; pid: string }[]> {
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: cloud.locator.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `JOB#${run}` } },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => {
    const [messageId = "", receives = "0"] = (item.sk?.S ?? "").split("#");
    return { messageId, receives: Number(receives), status: item.status?.S ?? "", pid: item.pid?.N ?? "" };
  });
}

it("starts tasks as its queue's jobs need them, up to the maximum, and stops the surplus once the queue is idle", async () => {
  const service = cloud.consumers.containers(consumer.name);
  await eventually(
    () => service.tasks(),
    (tasks) => tasks.length === 1,
  );
  const run = randomUUID();
  const jobs: JobInstruction[] = Array.from({ length: 6 }, () => ({ run, do: "slow", ms: 3500 }));
  const sent = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: cloud.locator.queueUrl(consumer.queue),
      Entries: jobs.map((job, i) => ({ Id: String(i), MessageBody: JSON.stringify(job) })),
    }),
  );
  expect(sent.Failed ?? []).toEqual([]);
  expect(scaleOut(1, jobs.length - consumer.concurrency, consumer)).toBe(3);

  let most = 0;
  const all = await eventually(
    async () => {
      most = Math.max(most, service.tasks().length);
      return attempts(run);
    },
    (records) => records.filter((r) => r.status === "done").length === jobs.length,
  );
  expect(most).toBe(3);
  // Each job done on its first delivery: no task was stopped holding one. The added tasks took some.
  const done = all.filter((r) => r.status === "done");
  expect(done.map((d) => d.messageId).sort()).toEqual(
    (sent.Successful ?? []).map((s) => s.MessageId ?? "").sort(),
  );
  expect(all.filter((r) => r.receives !== 1)).toEqual([]);
  expect(new Set(done.map((d) => d.pid)).size).toBeGreaterThan(1);

  await eventually(
    () => service.tasks(),
    (tasks) => tasks.length === 1,
  );
  expect(scaled).toEqual(expect.arrayContaining([expect.stringContaining("1 → 3 tasks")]));
  expect(scaled.at(-1)).toContain("→ 1 tasks");
}, 120_000);
