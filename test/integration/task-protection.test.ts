/**
 * ECS task scale-in protection on the local cloud: a container task holding a job is protected
 * before the job starts (through the `ECS_AGENT_URI` the local runner gives each task, as the ECS agent
 * does); a scale-in stops only the idle task and waits for the protected one, which stops once its
 * job has ended and its protection is off. The job is done once, on its first delivery.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import type { LocalTask } from "#scripts/local/container-runner";
import type { Log } from "#scripts/local/log";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { eventSourceDeclaration } from "./event-source/declaration.ts";
import type { JobInstruction } from "./event-source/instructions.ts";
import { clientConfig } from "./support.ts";

const [fixture] = eventSourceDeclaration.containers;
if (!fixture) throw new Error("the fixture declares no container consumer");
// Well inside the fixture's 5 s timeout, even on a loaded machine.
const JOB_MS = 2500;
if (fixture.timeoutSeconds * 1000 <= JOB_MS)
  throw new Error(`the fixture's job timeout must exceed ${JOB_MS} ms`);
const declaration: PlatformDeclaration = {
  ...eventSourceDeclaration,
  queueFunctions: [],
  containers: [fixture],
};
/** What the tasks said, by task id prefix (the runner labels each line `[<service>/<id>]`). */
const lines: string[] = [];
const log: Log = (level, message, detail) => {
  lines.push(message);
  if (level === "error") console.error(`[local-cloud] ${message}`, detail ?? "");
};

let cloud: LocalCloud;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  // No autoscaling: the test scales the service itself, as a policy would.
  cloud = await startLocalCloud({ declaration, publicRoutes: [], log, containerScaling: false });
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
}, 60_000);

afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await cloud?.stop();
});

async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every attempt the fixture consumer recorded for `run`'s jobs. */
async function attempts(run: string): Promise<{ receives: number; status: string; pid: number }[]> {
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: cloud.locator.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `JOB#${run}` } },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => ({
    receives: Number((item.sk?.S ?? "").split("#")[1] ?? "0"),
    status: item.status?.S ?? "",
    pid: Number(item.pid?.N ?? "0"),
  }));
}

const label = (task: LocalTask) => task.id.slice(0, 8);

it("protects a task while it holds a job: a scale-in stops the idle task, waits for the busy one, and stops it once its job is done", async () => {
  const service = cloud.consumers.containers(fixture.name);
  service.scaleTo(2);
  const started = await eventually(
    () => service.tasks(),
    (tasks) => tasks.length === 2,
  );
  // Both consumers polling, neither protected: idle tasks are free to stop.
  await eventually(
    () => lines.filter((line) => line.includes('"consuming"')).length,
    (count) => count >= 2,
  );
  expect(started.map((t) => t.protected)).toEqual([false, false]);

  const run = randomUUID();
  const job: JobInstruction = { run, do: "slow", ms: JOB_MS };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: cloud.locator.queueUrl(fixture.queue),
      MessageBody: JSON.stringify(job),
    }),
  );
  const [first] = await eventually(
    () => attempts(run),
    (records) => records.length > 0,
  );
  // The job's first record is written after its hold resolved: the task was protected before it worked.
  const busy = service.tasks().find((task) => task.pid === first?.pid);
  expect(busy?.protected).toBe(true);
  const idle = service.tasks().find((task) => task.pid !== first?.pid);
  if (!busy || !idle) throw new Error(`no busy and idle task among ${JSON.stringify(service.tasks())}`);

  service.scaleTo(0);
  // The idle task stops; the busy one keeps working.
  await eventually(
    () => service.tasks().map((task) => task.id),
    (ids) => !ids.includes(idle.id),
  );
  expect(service.tasks()).toEqual([expect.objectContaining({ id: busy.id, protected: true })]);
  expect(lines).toContainEqual(expect.stringContaining("1 surplus task(s) protected; the scale-in waits"));

  // The job ends, the task turns its protection off, and the waiting scale-in stops it.
  const records = await eventually(
    () => attempts(run),
    (all) => all.some((record) => record.status === "done"),
  );
  await eventually(
    () => service.tasks(),
    (tasks) => tasks.length === 0,
  );
  expect(records.filter((r) => r.status === "done")).toEqual([
    { receives: 1, status: "done", pid: busy.pid },
  ]);
  expect((await attempts(run)).filter((r) => r.status === "aborted")).toEqual([]);
  const said = lines.filter((line) => line.includes(label(busy)));
  const on = said.findIndex((line) => line.includes('"task protection on"'));
  const off = said.findIndex((line) => line.includes('"task protection off"'));
  expect(on).toBeGreaterThanOrEqual(0);
  expect(off).toBeGreaterThan(on);
}, 90_000);
