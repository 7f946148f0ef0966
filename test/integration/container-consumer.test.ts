/**
 * The container consumer's loop against the local SQS: how a full consumer refills its slots, and how
 * the messages of jobs that end together are deleted together. Jobs are held by the test and released
 * in groups, so what the consumer asks for does not depend on timing.
 */
import {
  CreateQueueCommand,
  type DeleteMessageBatchCommandInput,
  type DeleteMessageBatchCommandOutput,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ContainerConsumer,
  type ContainerConsumerOptions,
  runContainerConsumer,
} from "#shared/platform/queue/container-consumer";
import { MessageDeleteError, messageDeleter } from "#shared/platform/queue/delete-messages";
import { type BareSqs, startBareSqs, until } from "./support.ts";

let bare: BareSqs;
/** `MaxNumberOfMessages` of every `ReceiveMessage` the client sent, in order. */
const asked: number[] = [];
/** The entries of every `DeleteMessageBatch` the client sent, in order; a single `DeleteMessage` as 0. */
const deleted: number[] = [];
/**
 * Receipt handles whose delete is answered as SQS answers a malformed handle (a `Failed` entry,
 * `ReceiptHandleIsInvalid`): the entry is taken out of the request and its failure put into the real
 * answer. The local SQS deletes silently for a handle it does not know, as SQS does for a stale one.
 */
const refused = new Set<string>();

beforeAll(async () => {
  bare = await startBareSqs("us-east-1");
  bare.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ReceiveMessageCommand") {
        asked.push((args.input as ReceiveMessageCommandInput).MaxNumberOfMessages ?? 1);
      }
      if (context.commandName === "DeleteMessageCommand") deleted.push(0);
      if (context.commandName !== "DeleteMessageBatchCommand") return next(args);
      const input = args.input as DeleteMessageBatchCommandInput;
      const entries = input.Entries ?? [];
      deleted.push(entries.length);
      const refusing = entries.filter((entry) => refused.has(entry.ReceiptHandle ?? ""));
      input.Entries = entries.filter((entry) => !refused.has(entry.ReceiptHandle ?? ""));
      const result = await next(args);
      const output = result.output as DeleteMessageBatchCommandOutput;
      output.Failed = [
        ...(output.Failed ?? []),
        ...refusing.map((entry) => ({
          Id: entry.Id,
          SenderFault: true,
          Code: "ReceiptHandleIsInvalid",
          Message: "The input receipt handle is not a valid receipt handle.",
        })),
      ];
      return result;
    },
    { step: "initialize", name: "countRequests" },
  );
});

afterAll(async () => {
  bare?.client.destroy();
  await bare?.sqs.stop();
});

/** A new queue of its own. */
async function newQueue(): Promise<string> {
  const { QueueUrl } = await bare.client.send(
    new CreateQueueCommand({ QueueName: `consumer-${Date.now()}-${Math.random().toString(36).slice(2)}` }),
  );
  if (!QueueUrl) throw new Error("CreateQueue answered no QueueUrl");
  return QueueUrl;
}

type HeldJobs = Awaited<ReturnType<typeof startHeldJobs>>;

/**
 * Runs `body` with a queue holding `count` messages and a consumer of it whose jobs wait until the
 * test releases them; then lets every held job end and stops the consumer, whatever `body` did.
 */
async function withHeldJobs(
  count: number,
  options: Parameters<typeof startHeldJobs>[1],
  body: (jobs: HeldJobs) => Promise<void>,
): Promise<void> {
  const jobs = await startHeldJobs(count, options);
  try {
    await body(jobs);
  } finally {
    jobs.release(jobs.held.length);
    await jobs.consumer.stop();
  }
}

async function startHeldJobs(
  count: number,
  options: Pick<ContainerConsumerOptions, "concurrency" | "refillWaitMs"> &
    Partial<
      Pick<ContainerConsumerOptions, "deleteWaitMs" | "visibilityTimeoutSeconds" | "shutdownGraceSeconds">
    >,
) {
  const QueueUrl = await newQueue();
  for (let at = 0; at < count; at += 10) {
    const entries = Array.from({ length: Math.min(10, count - at) }, (_, i) => ({
      Id: String(i),
      MessageBody: String(at + i),
    }));
    await bare.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
  }
  const held: (() => void)[] = [];
  const handled: string[] = [];
  const consumer: ContainerConsumer = runContainerConsumer({
    client: bare.client,
    queueUrl: QueueUrl,
    jobTimeoutSeconds: 60,
    visibilityTimeoutSeconds: 60,
    waitTimeSeconds: 1,
    ...options,
    handleSignals: false,
    handle: (message) =>
      new Promise((resolve) => {
        held.push(() => {
          handled.push(message.Body ?? "");
          resolve("done");
        });
      }),
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  /** Lets the `n` oldest held jobs finish. */
  const release = (n: number) => {
    for (const finish of held.splice(0, n)) finish();
  };
  /** Waits until the consumer holds `n` jobs. */
  const holding = (n: number, what: string) =>
    until(
      async () => held.length,
      (h) => h === n,
      what,
    );
  /** Lets every held job finish, and those the consumer takes after them, until `n` are handled. */
  const handledAll = (n: number) =>
    until(
      async () => {
        release(held.length);
        return handled.length;
      },
      (count) => count === n,
      `all ${n} jobs to be handled`,
    );
  return { queueUrl: QueueUrl, consumer, held, handled, release, holding, handledAll };
}

/** Messages in the queue, visible or not: 0 once every one is deleted. */
async function messagesLeft(queueUrl: string): Promise<number> {
  const { Attributes } = await bare.client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? Number.NaN) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? Number.NaN)
  );
}

describe("a full container consumer", () => {
  it("waits for half its slots to free before receiving again, so one receive refills several", async () => {
    await withHeldJobs(
      24,
      { concurrency: 8, refillWaitMs: 5_000 },
      async ({ handled, release, holding, handledAll }) => {
        await holding(8, "the consumer to fill its 8 slots");
        asked.length = 0;
        // Four jobs end; the consumer, full until then, receives for the four free slots at once.
        while (handled.length < 16) {
          release(4);
          await holding(8, "the consumer to refill its slots");
        }
        await handledAll(24);
        expect([...new Set(handled)].sort((a, b) => Number(a) - Number(b))).toEqual(
          Array.from({ length: 24 }, (_, i) => String(i)),
        );
        expect(handled).toHaveLength(24);
        // Every receive once the consumer was full asked for at least half of its slots, never for one.
        expect(asked.length).toBeGreaterThan(0);
        expect(Math.min(...asked)).toBeGreaterThanOrEqual(4);
      },
    );
  });

  it("with no refill wait, receives for each slot as soon as it frees", async () => {
    await withHeldJobs(10, { concurrency: 8, refillWaitMs: 0 }, async ({ release, holding, handledAll }) => {
      await holding(8, "the consumer to fill its 8 slots");
      asked.length = 0;
      release(1);
      await holding(8, "the consumer to take the next job");
      expect(asked[0]).toBe(1);
      await handledAll(10);
    });
  });
});

describe("deleting finished jobs' messages", () => {
  it("deletes the messages of jobs that end together in one DeleteMessageBatch", async () => {
    await withHeldJobs(
      8,
      { concurrency: 8, refillWaitMs: 0, deleteWaitMs: 2_000 },
      async ({ queueUrl, release, holding, handledAll }) => {
        await holding(8, "the consumer to fill its 8 slots");
        deleted.length = 0;
        release(8);
        await handledAll(8);
        await until(
          () => messagesLeft(queueUrl),
          (left) => left === 0,
          "every message to be deleted",
        );
        expect(deleted).toEqual([8]);
      },
    );
  });

  it("sends waiting deletes at once when it stops, instead of after their wait", async () => {
    // Deletes that would wait an hour, a grace period of ten minutes: only a stop that sends them at
    // once ends before the test's timeout.
    await withHeldJobs(
      4,
      {
        concurrency: 4,
        refillWaitMs: 0,
        deleteWaitMs: 3_600_000,
        visibilityTimeoutSeconds: 7_200,
        shutdownGraceSeconds: 600,
      },
      async ({ queueUrl, consumer, release, holding, handledAll }) => {
        await holding(4, "the consumer to take the 4 jobs");
        deleted.length = 0;
        release(4);
        await handledAll(4);
        await consumer.stop();
        expect(deleted.every((entries) => entries > 0)).toBe(true);
        expect(deleted.reduce((sum, entries) => sum + entries, 0)).toBe(4);
        expect(await messagesLeft(queueUrl)).toBe(0);
      },
    );
  });

  it("refuses a delete wait that could outlast a finished job's lease", async () => {
    const start = (deleteWaitMs: number) =>
      runContainerConsumer({
        client: bare.client,
        queueUrl: "http://127.0.0.1:1/never-polled",
        concurrency: 1,
        jobTimeoutSeconds: 60,
        visibilityTimeoutSeconds: 30,
        heartbeatSeconds: 10,
        deleteWaitMs,
        handleSignals: false,
        handle: async () => "done",
        log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      });
    expect(() => start(20_000)).toThrow(RangeError);
    expect(() => start(-1)).toThrow(RangeError);
  });

  it("sends ten waiting deletes at once, and answers a refused one to its own caller only", async () => {
    const queueUrl = await newQueue();
    await bare.client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: String(i) })),
      }),
    );
    const receipts: string[] = [];
    await until(
      async () => {
        const { Messages } = await bare.client.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
        );
        for (const m of Messages ?? []) if (m.ReceiptHandle) receipts.push(m.ReceiptHandle);
        return receipts.length;
      },
      (n) => n === 10,
      "the ten messages to be received",
    );
    const [first, ...rest] = receipts;
    if (!first) throw new Error("no receipt");
    refused.add(first);
    // A wait no test would sit through: only the tenth delete can send the batch.
    const deleter = messageDeleter(bare.client, queueUrl, 600_000);
    deleted.length = 0;
    try {
      const [refusal, ...others] = await Promise.allSettled(
        [first, ...rest].map((receipt) => deleter.delete(receipt)),
      );
      expect(deleted).toEqual([10]);
      expect(others.map((o) => o.status)).toEqual(Array(9).fill("fulfilled"));
      expect(refusal?.status).toBe("rejected");
      const reason = refusal?.status === "rejected" ? refusal.reason : undefined;
      expect(reason).toBeInstanceOf(MessageDeleteError);
      expect((reason as MessageDeleteError).code).toBe("ReceiptHandleIsInvalid");
      // Only the refused message is left, still under its lease.
      expect(await messagesLeft(queueUrl)).toBe(1);
    } finally {
      refused.clear();
    }
  });
});
