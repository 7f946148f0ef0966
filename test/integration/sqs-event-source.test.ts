import { createHash, randomUUID } from "node:crypto";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import type { InvokeResult } from "#scripts/local/lambda-runtime";
import type { Log, LogLevel } from "#scripts/local/log";
import { SqsEventSourceMapping } from "#scripts/local/sqs-event-source";
import { deadLetterQueueName, resourceName } from "#shared/platform/declaration/naming";
import {
  eventSourceDeclaration,
  HEARTBEAT_SECONDS,
  LEASE_SECONDS,
  SHUTDOWN_GRACE_SECONDS,
  VISIBILITY_SECONDS,
} from "./event-source/declaration.ts";
import type { BatchInstruction, JobInstruction } from "./event-source/instructions.ts";
import { clientConfig } from "./support.ts";

/**
 * The local SQS event-source mapping behaves as Lambda's does with `ReportBatchItemFailures`, and the
 * local Fargate stand-in runs container consumers as an ECS service does. Every outcome is read back
 * from the queues themselves with the SQS client, and from what the fixture consumers recorded.
 */
const [recorder] = eventSourceDeclaration.queueFunctions;
const [longJobs] = eventSourceDeclaration.containers;
const lines: { level: LogLevel; message: string }[] = [];
const log: Log = (level, message, detail) => {
  lines.push({ level, message });
  if (level === "error") console.error(`[local-cloud] ${message}`, detail ?? "");
};

let cloud: LocalCloud;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  cloud = await startLocalCloud({ declaration: eventSourceDeclaration, publicRoutes: [], log });
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
});

afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await cloud?.stop();
});

type Queue = "partial" | "whole" | "jobs" | "partial-dlq";

async function send(
  queue: Queue,
  bodies: readonly (BatchInstruction | JobInstruction)[],
  attributes?: Record<string, MessageAttributeValue>,
): Promise<{ id: string; md5OfMessageAttributes?: string }[]> {
  const result = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: cloud.locator.queueUrl(queue),
      Entries: bodies.map((body, i) => ({
        Id: String(i),
        MessageBody: JSON.stringify(body),
        ...(attributes ? { MessageAttributes: attributes } : {}),
      })),
    }),
  );
  expect(result.Failed ?? []).toEqual([]);
  return bodies.map((_, i) => {
    const sent = result.Successful?.find((s) => s.Id === String(i));
    return { id: sent?.MessageId ?? "", md5OfMessageAttributes: sent?.MD5OfMessageAttributes };
  });
}

async function counts(queue: Queue): Promise<{ visible: number; hidden: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: cloud.locator.queueUrl(queue),
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    hidden: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}

async function query(pk: string): Promise<Record<string, string>[]> {
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: cloud.locator.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: pk } },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? v.N ?? ""])));
}

interface Invocation {
  at: number;
  event: SQSEvent;
}

/** The invocations of the queue function that held messages of `run`, oldest first. */
async function invocations(run: string): Promise<Invocation[]> {
  const items = await query(`ESM#${run}`);
  return items
    .map((item) => ({ at: Number(item.at), event: JSON.parse(item.event ?? "{}") as SQSEvent }))
    .sort((a, b) => a.at - b.at);
}

/** Every delivery of `run`'s messages: the record, and when the function got it. */
async function deliveries(run: string): Promise<{ at: number; record: SQSRecord; size: number }[]> {
  return (await invocations(run)).flatMap(({ at, event }) =>
    event.Records.filter((r) => (JSON.parse(r.body) as BatchInstruction).run === run).map((record) => ({
      at,
      record,
      size: event.Records.length,
    })),
  );
}

const receiveCount = (record: SQSRecord) => Number(record.attributes.ApproximateReceiveCount);

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const newRun = () => randomUUID();

describe("the SQS event-source mapping", () => {
  it("invokes the function with Lambda's SQS event", async () => {
    const run = newRun();
    const attributes: Record<string, MessageAttributeValue> = {
      tenantId: { DataType: "String", StringValue: "tenant-1" },
      attempt: { DataType: "Number", StringValue: "3" },
      blob: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 254, 255]) },
    };
    const [withAttributes] = await send("partial", [{ run, do: "ok" }], attributes);
    const [plain] = await send("partial", [{ run, do: "ok" }]);

    const seen = await eventually(
      () => deliveries(run),
      (d) => d.length === 2,
    );

    const byId = new Map(seen.map((d) => [d.record.messageId, d.record]));
    const body = JSON.stringify({ run, do: "ok" });
    const common = {
      body,
      md5OfBody: createHash("md5").update(body).digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:${cloud.region}:000000000000:${resourceName("consumers", "local", "partial")}`,
      awsRegion: cloud.region,
    };
    const first = byId.get(withAttributes?.id ?? "");
    expect(first).toEqual({
      messageId: withAttributes?.id,
      receiptHandle: expect.any(String),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        tenantId: { stringValue: "tenant-1", stringListValues: [], binaryListValues: [], dataType: "String" },
        attempt: { stringValue: "3", stringListValues: [], binaryListValues: [], dataType: "Number" },
        blob: { binaryValue: "AAH+/w==", stringListValues: [], binaryListValues: [], dataType: "Binary" },
      },
      md5OfMessageAttributes: withAttributes?.md5OfMessageAttributes,
      ...common,
    });
    expect(first?.receiptHandle).not.toBe("");
    expect(Number(first?.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(first?.attributes.SentTimestamp),
    );
    const second = byId.get(plain?.id ?? "");
    expect(second).toEqual({
      messageId: plain?.id,
      receiptHandle: expect.any(String),
      attributes: expect.objectContaining({ ApproximateReceiveCount: "1" }),
      messageAttributes: {},
      ...common,
    });
    expect(second).not.toHaveProperty("md5OfMessageAttributes");
    expect(withAttributes?.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
  });

  it("never hands the function more than batchSize messages, and gathers batches within the window", async () => {
    const run = newRun();
    const ok: BatchInstruction = { run, do: "ok" };
    await send(
      "partial",
      Array.from({ length: 10 }, () => ok),
    );
    await send("partial", [ok, ok]);

    const seen = await eventually(
      () => deliveries(run),
      (d) => d.length >= 12,
    );
    await cloud.consumers.idle();

    expect(new Set(seen.map((d) => d.record.messageId)).size).toBe(12);
    expect(seen).toHaveLength(12);
    const sizes = (await invocations(run)).map((i) => i.event.Records.length);
    expect(Math.max(...sizes)).toBe(recorder.batchSize);
    expect(sizes.every((size) => size <= recorder.batchSize)).toBe(true);
    expect(await counts("partial")).toEqual({ visible: 0, hidden: 0 });
  });

  it("deletes the messages that succeeded; a reported failure comes back with a higher receive count", async () => {
    const run = newRun();
    const [a, b, c] = await send("partial", [
      { run, do: "ok" },
      { run, do: "fail" },
      { run, do: "ok" },
    ]);
    await eventually(
      () => deliveries(run),
      (d) => d.length === 3,
    );
    await cloud.consumers.idle();

    // The batch-mates are deleted; the failure waits out the visibility timeout, hidden.
    expect(await counts("partial")).toEqual({ visible: 0, hidden: 1 });

    await cloud.consumers.pause();
    try {
      const back = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: cloud.locator.queueUrl("partial"),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: VISIBILITY_SECONDS + 2,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
      );

      expect(back.Messages?.map((m) => m.MessageId)).toEqual([b?.id]);
      expect(Number(back.Messages?.[0]?.Attributes?.ApproximateReceiveCount)).toBeGreaterThan(1);
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: cloud.locator.queueUrl("partial"),
          ReceiptHandle: back.Messages?.[0]?.ReceiptHandle,
        }),
      );
    } finally {
      cloud.consumers.resume();
    }
    const seen = await deliveries(run);
    expect(seen.filter((d) => d.record.messageId === a?.id)).toHaveLength(1);
    expect(seen.filter((d) => d.record.messageId === c?.id)).toHaveLength(1);
    expect(await counts("partial")).toEqual({ visible: 0, hidden: 0 });
  });

  it.each([
    ["null", "null"],
    ["{}", "no-list"],
    ["an empty batchItemFailures", "empty-list"],
  ] as const)("deletes a batch whose function answers %s", async (_answer, instruction) => {
    const run = newRun();
    await send("partial", [
      { run, do: instruction },
      { run, do: instruction },
    ]);

    await eventually(
      () => deliveries(run),
      (d) => d.length === 2,
    );
    await cloud.consumers.idle();

    expect(await counts("partial")).toEqual({ visible: 0, hidden: 0 });
  });

  it("fails the whole batch when an item identifier names no message of it: nothing is deleted", async () => {
    const run = newRun();
    const sent = await send("whole", [
      { run, do: "ok" },
      { run, do: "ok" },
      { run, do: "malformed", answer: "not-a-message-id", times: 1 },
    ]);
    await eventually(
      () => deliveries(run),
      (d) => d.length === 3,
    );
    await cloud.consumers.idle();

    expect(await counts("whole")).toEqual({ visible: 0, hidden: 3 });

    const seen = await eventually(
      () => deliveries(run),
      (d) => d.length === 6,
    );
    await cloud.consumers.idle();

    for (const { id } of sent) {
      expect(seen.filter((d) => d.record.messageId === id).map((d) => receiveCount(d.record))).toEqual([
        1, 2,
      ]);
    }
    expect(await counts("whole")).toEqual({ visible: 0, hidden: 0 });
    expect(lines).toContainEqual({
      level: "warn",
      message: expect.stringMatching(
        /consumers-local-consumer-recorder failed on a batch of 3 .*not-a-message-id/,
      ),
    });
  });

  it("fails the whole batch when the function throws, and logs the function and its error", async () => {
    const run = newRun();
    await send("whole", [
      { run, do: "ok" },
      { run, do: "throw", times: 1 },
    ]);
    await eventually(
      () => deliveries(run),
      (d) => d.length === 2,
    );
    await cloud.consumers.idle();

    expect(await counts("whole")).toEqual({ visible: 0, hidden: 2 });
    expect(lines).toContainEqual({
      level: "warn",
      message: expect.stringMatching(
        /consumers-local-consumer-recorder failed on a batch of 2 .*Error: the fixture failed its batch on purpose/,
      ),
    });

    const seen = await eventually(
      () => deliveries(run),
      (d) => d.length === 4,
    );
    await cloud.consumers.idle();

    expect(seen.map((d) => receiveCount(d.record))).toEqual([1, 1, 2, 2]);
    expect(await counts("whole")).toEqual({ visible: 0, hidden: 0 });
  });

  it("deletes nothing of a batch that times out; its messages come back after the visibility timeout", async () => {
    const run = newRun();
    const [slow] = await send("whole", [{ run, do: "sleep", times: 1 }]);

    const seen = await eventually(
      () => deliveries(run),
      (d) => d.length === 2,
    );
    await cloud.consumers.idle();

    const [first, second] = seen;
    expect(second?.record.messageId).toBe(slow?.id);
    expect(second && receiveCount(second.record)).toBe(2);
    const firstReceived = Number(first?.record.attributes.ApproximateFirstReceiveTimestamp);
    expect((second?.at ?? 0) - firstReceived).toBeGreaterThanOrEqual(VISIBILITY_SECONDS * 1000 - 50);
    expect(lines).toContainEqual({
      level: "warn",
      message: expect.stringMatching(
        /consumer-recorder failed on a batch of 1 .*Task timed out after 2\.00 seconds/,
      ),
    });
    expect(await counts("whole")).toEqual({ visible: 0, hidden: 0 });
  });

  it("moves a message that keeps failing to the DLQ after maxReceiveCount receives", async () => {
    const run = newRun();
    const [failing] = await send("partial", [{ run, do: "fail" }]);
    const dlq = cloud.locator.queueUrl(deadLetterQueueName("partial"));

    const moved = await eventually(
      async () =>
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 2 }))).Messages ?? [],
      (messages) => messages.length > 0,
      30_000,
    );

    expect(moved.map((m) => [m.MessageId, m.Body])).toEqual([
      [failing?.id, JSON.stringify({ run, do: "fail" })],
    ]);
    const seen = await deliveries(run);
    expect(seen.map((d) => receiveCount(d.record))).toEqual([1, 2, 3]);
    expect(await counts("partial")).toEqual({ visible: 0, hidden: 0 });
  });
});

describe("an event-source mapping feeding a stand-in function", () => {
  async function newQueue(visibilitySeconds: number): Promise<string> {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: `stand-in-${randomUUID().slice(0, 8)}`,
        Attributes: { VisibilityTimeout: String(visibilitySeconds) },
      }),
    );
    return QueueUrl ?? "";
  }
  const standIn = { name: "stand-in", entry: "none.ts", timeoutSeconds: 2 };
  const mappingOf = (
    queueUrl: string,
    invoke: (event: SQSEvent) => Promise<InvokeResult>,
    settings: { batchSize: number; maxBatchingWindowSeconds: number; maxConcurrency: number },
  ) =>
    new SqsEventSourceMapping({
      fn: standIn,
      queueUrl,
      ...settings,
      invoke: (_fn, event) => invoke(event),
      sqs,
      region: cloud.region,
      log,
    });
  const sendTo = async (queueUrl: string, count: number) => {
    for (let at = 0; at < count; at += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Array.from({ length: Math.min(10, count - at) }, (_, i) => ({
            Id: String(i),
            MessageBody: String(at + i),
          })),
        }),
      );
    }
  };

  it("keeps at most maxConcurrency invocations running", async () => {
    const queueUrl = await newQueue(10);
    let running = 0;
    let most = 0;
    let records = 0;
    const mapping = mappingOf(
      queueUrl,
      async (event) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 300));
        running -= 1;
        records += event.Records.length;
        return { ok: true, payload: null };
      },
      { batchSize: 2, maxBatchingWindowSeconds: 0, maxConcurrency: 3 },
    );
    await sendTo(queueUrl, 20);
    await mapping.start();
    try {
      await eventually(
        async () => records,
        (n) => n === 20,
      );
    } finally {
      await mapping.stop();
    }

    expect(most).toBe(3);
  });

  it("waits up to the batching window after the first message to fill a batch", async () => {
    const queueUrl = await newQueue(10);
    const batches: { at: number; event: SQSEvent }[] = [];
    const mapping = mappingOf(
      queueUrl,
      async (event) => {
        batches.push({ at: Date.now(), event });
        return { ok: true, payload: null };
      },
      { batchSize: 10, maxBatchingWindowSeconds: 2, maxConcurrency: 2 },
    );
    await mapping.start();
    try {
      await sendTo(queueUrl, 1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await sendTo(queueUrl, 2);
      await eventually(
        async () => batches,
        (b) => b.length > 0,
      );
      await mapping.idle();
    } finally {
      await mapping.stop();
    }

    expect(batches.map((b) => b.event.Records.length)).toEqual([3]);
    const [batch] = batches;
    const firstReceived = Math.min(
      ...(batch?.event.Records ?? []).map((r) => Number(r.attributes.ApproximateFirstReceiveTimestamp)),
    );
    expect((batch?.at ?? 0) - firstReceived).toBeGreaterThanOrEqual(1950);
    expect((batch?.at ?? 0) - firstReceived).toBeLessThan(3000);
  });

  it("refuses a queue whose visibility timeout is shorter than the function's timeout, as AWS does", async () => {
    const queueUrl = await newQueue(1);
    const mapping = mappingOf(queueUrl, async () => ({ ok: true, payload: null }), {
      batchSize: 1,
      maxBatchingWindowSeconds: 0,
      maxConcurrency: 2,
    });

    await expect(mapping.start()).rejects.toThrow(
      "Queue visibility timeout: 1 seconds is less than Function timeout: 2 seconds",
    );
  });
});

describe("a container consumer on the local Fargate stand-in", () => {
  const service = () => cloud.consumers.containers(longJobs.name);

  interface Attempt {
    messageId: string;
    receiveCount: number;
    status: string;
    pid: number;
    at: number;
    startedAt: number;
    reason?: string;
  }
  async function attempts(run: string): Promise<Attempt[]> {
    return (await query(`JOB#${run}`)).map((item) => {
      const [messageId = "", count = "0"] = (item.sk ?? "").split("#");
      return {
        messageId,
        receiveCount: Number(count),
        status: item.status ?? "",
        pid: Number(item.pid),
        at: Number(item.at),
        startedAt: Number(item.startedAt),
        ...(item.reason ? { reason: item.reason } : {}),
      };
    });
  }

  it("runs the minimum of tasks of the entry, which process the queue's jobs", async () => {
    await eventually(
      async () => service().tasks(),
      (tasks) => tasks.length === (longJobs.tasks?.min ?? 1),
    );
    const run = newRun();
    const sent = await send("jobs", [
      { run, do: "ok" },
      { run, do: "ok" },
      { run, do: "ok" },
    ]);

    const done = await eventually(
      () => attempts(run),
      (a) => a.filter((x) => x.status === "done").length === 3,
    );

    expect(done.map((a) => a.messageId).sort()).toEqual(sent.map((s) => s.id).sort());
    expect(new Set(done.map((a) => a.pid))).toEqual(
      new Set(
        service()
          .tasks()
          .map((t) => t.pid),
      ),
    );
    await eventually(
      () => counts("jobs"),
      (c) => c.visible === 0 && c.hidden === 0,
    );
  });

  it("renews a running job's lease, so a job longer than the lease is not handed out twice", async () => {
    const run = newRun();
    const [job] = await send("jobs", [{ run, do: "slow", ms: (LEASE_SECONDS + 1.5) * 1000 }]);

    const all = await eventually(
      () => attempts(run),
      (a) => a.some((x) => x.status === "done"),
    );

    expect(all).toEqual([expect.objectContaining({ messageId: job?.id, receiveCount: 1, status: "done" })]);
    await eventually(
      () => counts("jobs"),
      (c) => c.visible === 0 && c.hidden === 0,
    );
  });

  it("on SIGTERM finishes the job that ends within the grace period and releases the other at once", async () => {
    const run = newRun();
    const [quick, long] = await send("jobs", [
      { run, do: "slow", ms: 500 },
      { run, do: "slow", ms: 20_000 },
    ]);
    await eventually(
      () => attempts(run),
      (a) => a.filter((x) => x.status === "started").length === 2,
    );

    const stopping = Date.now();
    await service().stop();
    const stoppedAfter = Date.now() - stopping;

    expect(service().tasks()).toEqual([]);
    expect(stoppedAfter).toBeLessThan((SHUTDOWN_GRACE_SECONDS + 2) * 1000);
    const after = await attempts(run);
    expect(after.find((a) => a.messageId === quick?.id)?.status).toBe("done");
    expect(after.find((a) => a.messageId === long?.id)?.status).not.toBe("done");
    // Released, not left to its lease: visible again as soon as the task is gone.
    expect(await counts("jobs")).toEqual({ visible: 1, hidden: 0 });
    const back = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: cloud.locator.queueUrl("jobs"), WaitTimeSeconds: 0 }),
    );
    expect(back.Messages?.map((m) => m.MessageId)).toEqual([long?.id]);
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: cloud.locator.queueUrl("jobs"),
        ReceiptHandle: back.Messages?.[0]?.ReceiptHandle,
      }),
    );

    service().start();
    await eventually(
      async () => service().tasks(),
      (tasks) => tasks.length === 1,
    );
  });

  it("replaces a killed task; the job it held comes back after its lease and the new task finishes it", async () => {
    const [before] = await eventually(
      async () => service().tasks(),
      (tasks) => tasks.length === 1,
    );
    const run = newRun();
    const [job] = await send("jobs", [{ run, do: "slow", ms: 2000 }]);
    await eventually(
      () => attempts(run),
      (a) => a.some((x) => x.status === "started"),
    );

    const killedAt = Date.now();
    const exit = await service().killTask(before?.id);

    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
    const finished = await eventually(
      () => attempts(run),
      (a) => a.some((x) => x.status === "done"),
      30_000,
    );
    const retried = finished.find((a) => a.status === "done");
    expect(retried).toMatchObject({ messageId: job?.id, receiveCount: 2 });
    expect(retried?.pid).not.toBe(before?.pid);
    // Hidden until the lease its last heartbeat renewed ran out.
    expect((retried?.startedAt ?? 0) - killedAt).toBeGreaterThanOrEqual(
      (LEASE_SECONDS - HEARTBEAT_SECONDS) * 1000 - 200,
    );
    expect(
      service()
        .tasks()
        .map((t) => t.pid),
    ).toEqual([retried?.pid]);
    expect(lines).toContainEqual({
      level: "warn",
      message: expect.stringMatching(/stopped unexpectedly \(signal SIGKILL\).*starting a replacement/),
    });
  });

  it("aborts a job past its timeout and releases its message for another try", async () => {
    const run = newRun();
    const [job] = await send("jobs", [{ run, do: "slow-once", ms: 60_000 }]);

    const all = await eventually(
      () => attempts(run),
      (a) => a.some((x) => x.status === "done"),
      30_000,
    );

    const first = all.find((a) => a.receiveCount === 1);
    const second = all.find((a) => a.receiveCount === 2);
    expect(first).toMatchObject({ messageId: job?.id, status: "aborted", reason: "JobTimeoutError" });
    expect((first?.at ?? 0) - (first?.startedAt ?? 0)).toBeGreaterThanOrEqual(
      longJobs.timeoutSeconds * 1000 - 50,
    );
    expect(second).toMatchObject({ messageId: job?.id, status: "done" });
    // Released at the timeout, not left to its lease (renewed by the heartbeat until then).
    expect((second?.startedAt ?? 0) - (first?.at ?? 0)).toBeLessThan(1000);
  });
});
