/**
 * Fidelity of the local SQS's DLQ redrive (`StartMessageMoveTask`, `ListMessageMoveTasks`,
 * `CancelMessageMoveTask`, which fauxqs lacks and the local cloud answers itself) to AWS: messages go
 * back to the source queue with body and attributes, the task is listed as AWS lists it, and what AWS
 * refuses is refused with AWS's code, status and message.
 */
import {
  CancelMessageMoveTaskCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  SQSServiceException,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSqs } from "#scripts/local/sqs";
import { type BareSqs, startBareSqs } from "./support.ts";

const REGION = "us-east-1";
const MAX_RECEIVES = 2;
let sqs: RunningSqs;
let ensureQueues: BareSqs["ensureQueues"];
let client: SQSClient;
let run = 0;
/** Fresh queues per test, so no test sees another's messages or tasks. */
let queues: { source: string; dlq: string; dlqArn: string; plain: string; plainArn: string };

const arnOf = async (QueueUrl: string) =>
  (await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes
    ?.QueueArn ?? "";

const receive = (QueueUrl: string, VisibilityTimeout = 0) =>
  client.send(
    new ReceiveMessageCommand({
      QueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["All"],
    }),
  );

/** Sends jobs to the source queue and receives them until SQS moves them to the DLQ; their ids. */
async function deadLetter(bodies: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) {
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: queues.source,
        MessageBody: body,
        MessageGroupId: "tenant-1",
        MessageAttributes: {
          job: { DataType: "String", StringValue: "agent.run.setup" },
          correlationId: { DataType: "String", StringValue: `corr-${body}` },
        },
      }),
    );
    ids.push(sent.MessageId ?? "");
  }
  for (let i = 0; i <= MAX_RECEIVES; i++) await receive(queues.source);
  expect(await depth(queues.dlq)).toBe(bodies.length);
  return ids;
}

async function depth(QueueUrl: string): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages);
}

async function tasks(SourceArn: string, MaxResults = 1): Promise<ListMessageMoveTasksResultEntry[]> {
  return (await client.send(new ListMessageMoveTasksCommand({ SourceArn, MaxResults }))).Results ?? [];
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof SQSServiceException)) throw error;
    return { name: error.name, status: error.$metadata.httpStatusCode, message: error.message };
  }
  throw new Error("the request was not refused");
}

beforeAll(async () => {
  ({ sqs, client, ensureQueues } = await startBareSqs(REGION));
});

beforeEach(async () => {
  run++;
  await ensureQueues(
    [
      { name: `jobs${run}`, purpose: "x", maxReceiveCount: MAX_RECEIVES },
      { name: `plain${run}`, purpose: "a queue that is no queue's DLQ" },
    ],
    "move",
  );
  const dlq = sqs.queueUrl(`move-jobs${run}-dlq`);
  const plain = sqs.queueUrl(`move-plain${run}`);
  queues = {
    source: sqs.queueUrl(`move-jobs${run}`),
    dlq,
    dlqArn: await arnOf(dlq),
    plain,
    plainArn: await arnOf(plain),
  };
});

afterAll(async () => {
  client?.destroy();
  await sqs?.stop();
});

describe("StartMessageMoveTask", () => {
  it("moves every dead letter back to its source queue with body and attributes intact", async () => {
    const sent = await deadLetter(["a", "b"]);

    const { TaskHandle } = await client.send(new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn }));
    const [task] = await until(
      "the task to complete",
      () => tasks(queues.dlqArn),
      ([t]) => t?.Status === "COMPLETED",
    );

    // AWS's handle is base64 of a JSON document naming the task and its source.
    expect(JSON.parse(Buffer.from(TaskHandle ?? "", "base64").toString("utf8"))).toEqual({
      taskId: expect.any(String),
      sourceArn: queues.dlqArn,
    });
    expect(task).toEqual({
      Status: "COMPLETED",
      SourceArn: queues.dlqArn,
      ApproximateNumberOfMessagesMoved: 2,
      ApproximateNumberOfMessagesToMove: 2,
      StartedTimestamp: expect.any(Number),
    });
    expect(await depth(queues.dlq)).toBe(0);
    const back = (await receive(queues.source)).Messages ?? [];
    // (The group id is passed on too, but fauxqs keeps none on a standard queue, so it cannot be seen here.)
    const view = (m: Message) => ({ body: m.Body, attributes: m.MessageAttributes });
    expect(back.map(view).sort((x, y) => String(x.body).localeCompare(String(y.body)))).toEqual([
      {
        body: "a",
        attributes: {
          job: { DataType: "String", StringValue: "agent.run.setup" },
          correlationId: { DataType: "String", StringValue: "corr-a" },
        },
      },
      {
        body: "b",
        attributes: {
          job: { DataType: "String", StringValue: "agent.run.setup" },
          correlationId: { DataType: "String", StringValue: "corr-b" },
        },
      },
    ]);
    // Redriven messages are new messages, as in AWS: new ids, received for the first time.
    expect(back.map((m) => m.MessageId).filter((id) => sent.includes(id ?? ""))).toEqual([]);
    expect(back.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(["1", "1"]);
  });

  it("moves to DestinationArn when one is given", async () => {
    await deadLetter(["c"]);
    await client.send(
      new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn, DestinationArn: queues.plainArn }),
    );
    const [task] = await until(
      "the task to complete",
      () => tasks(queues.dlqArn),
      ([t]) => t?.Status === "COMPLETED",
    );

    expect(task?.DestinationArn).toBe(queues.plainArn);
    expect((await receive(queues.plain)).Messages?.map((m) => m.Body)).toEqual(["c"]);
    expect(await depth(queues.source)).toBe(0);
  });

  it("completes at once, moving nothing, from an empty DLQ", async () => {
    await client.send(new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn }));
    const [task] = await until(
      "the task to complete",
      () => tasks(queues.dlqArn),
      ([t]) => t?.Status === "COMPLETED",
    );
    expect(task).toMatchObject({ ApproximateNumberOfMessagesMoved: 0, ApproximateNumberOfMessagesToMove: 0 });
  });

  it("refuses an unknown source with ResourceNotFoundException", async () => {
    const answer = await refusal(
      client.send(new StartMessageMoveTaskCommand({ SourceArn: `${queues.dlqArn}-nope` })),
    );
    expect(answer).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource that you specified for the SourceArn parameter doesn't exist.",
    });
  });

  it("refuses a source that is no queue's dead-letter queue with InvalidParameterValue", async () => {
    for (const SourceArn of [queues.plainArn, await arnOf(queues.source)]) {
      const answer = await refusal(client.send(new StartMessageMoveTaskCommand({ SourceArn })));
      expect(answer).toEqual({
        name: "InvalidParameterValue",
        status: 400,
        message: "Source queue must be configured as a Dead Letter Queue.",
      });
    }
  });

  it("refuses an unknown destination with ResourceNotFoundException", async () => {
    const answer = await refusal(
      client.send(
        new StartMessageMoveTaskCommand({
          SourceArn: queues.dlqArn,
          DestinationArn: `${queues.plainArn}-nope`,
        }),
      ),
    );
    expect(answer).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource that you specified for the DestinationArn parameter doesn't exist.",
    });
  });
});

describe("ListMessageMoveTasks and CancelMessageMoveTask", () => {
  it("lists a running task with its handle, refuses a second one, and cancels it leaving the rest in the DLQ", async () => {
    await deadLetter(["d", "e", "f"]);
    const { TaskHandle } = await client.send(
      new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn, MaxNumberOfMessagesPerSecond: 1 }),
    );

    const [running] = await tasks(queues.dlqArn);
    const second = await refusal(client.send(new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn })));
    const cancelled = await client.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    const [after] = await until(
      "the task to stop",
      () => tasks(queues.dlqArn),
      ([t]) => t?.Status === "CANCELLED",
    );

    expect(running).toMatchObject({
      Status: "RUNNING",
      TaskHandle,
      MaxNumberOfMessagesPerSecond: 1,
      ApproximateNumberOfMessagesToMove: 3,
    });
    expect(second).toEqual({
      name: "InvalidParameterValue",
      status: 400,
      message:
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
    });
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeLessThan(3);
    expect(after).not.toHaveProperty("TaskHandle");
    expect(after?.ApproximateNumberOfMessagesMoved).toBeLessThan(3);
    expect(await depth(queues.dlq)).toBe(3 - (after?.ApproximateNumberOfMessagesMoved ?? 0));
  });

  it("lists the newest tasks first, one unless MaxResults says more", async () => {
    for (let i = 0; i < 2; i++) {
      await client.send(new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn }));
      await until(
        "the task to complete",
        () => tasks(queues.dlqArn),
        ([t]) => t?.Status === "COMPLETED",
      );
    }
    await deadLetter(["g"]);
    await client.send(new StartMessageMoveTaskCommand({ SourceArn: queues.dlqArn }));
    await until(
      "the task to complete",
      () => tasks(queues.dlqArn),
      ([t]) => t?.Status === "COMPLETED",
    );

    expect(await tasks(queues.dlqArn)).toHaveLength(1);
    expect((await tasks(queues.dlqArn, 10)).map((t) => t.ApproximateNumberOfMessagesMoved)).toEqual([
      1, 0, 0,
    ]);
  });

  it("refuses to list the tasks of a queue that is no DLQ, and to cancel a malformed handle", async () => {
    expect(
      await refusal(client.send(new ListMessageMoveTasksCommand({ SourceArn: queues.plainArn }))),
    ).toEqual({
      name: "InvalidParameterValue",
      status: 400,
      message: "Source queue must be configured as a Dead Letter Queue.",
    });
    expect(await refusal(client.send(new CancelMessageMoveTaskCommand({ TaskHandle: "foobared" })))).toEqual({
      name: "InvalidParameterValue",
      status: 400,
      message: "Value for parameter TaskHandle is invalid.",
    });
  });
});
