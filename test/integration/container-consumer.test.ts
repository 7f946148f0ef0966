/**
 * The container consumer's loop against the local SQS: how a full consumer refills its slots. Jobs are
 * held by the test and released in groups, so what the consumer asks for does not depend on timing.
 */
import {
  CreateQueueCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContainerConsumer, runContainerConsumer } from "#shared/platform/queue/container-consumer";
import { type BareSqs, startBareSqs, until } from "./support.ts";

let bare: BareSqs;
/** `MaxNumberOfMessages` of every `ReceiveMessage` the client sent, in order. */
const asked: number[] = [];

beforeAll(async () => {
  bare = await startBareSqs("us-east-1");
  bare.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ReceiveMessageCommand") {
        asked.push((args.input as ReceiveMessageCommandInput).MaxNumberOfMessages ?? 1);
      }
      return next(args);
    },
    { step: "initialize", name: "countReceives" },
  );
});

afterAll(async () => {
  bare?.client.destroy();
  await bare?.sqs.stop();
});

/** A queue holding `count` messages, and a consumer of it whose jobs wait until the test releases them. */
async function heldJobs(count: number, options: { concurrency: number; refillWaitMs: number }) {
  const { QueueUrl } = await bare.client.send(
    new CreateQueueCommand({ QueueName: `refill-${Date.now()}-${Math.random().toString(36).slice(2)}` }),
  );
  if (!QueueUrl) throw new Error("CreateQueue answered no QueueUrl");
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
    concurrency: options.concurrency,
    refillWaitMs: options.refillWaitMs,
    jobTimeoutSeconds: 60,
    visibilityTimeoutSeconds: 60,
    waitTimeSeconds: 1,
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
  return { consumer, held, handled, release, holding, handledAll };
}

describe("a full container consumer", () => {
  it("waits for half its slots to free before receiving again, so one receive refills several", async () => {
    const { consumer, held, handled, release, holding, handledAll } = await heldJobs(24, {
      concurrency: 8,
      refillWaitMs: 5_000,
    });
    try {
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
    } finally {
      release(held.length);
      await consumer.stop();
    }
  });

  it("with no refill wait, receives for each slot as soon as it frees", async () => {
    const { consumer, held, release, holding, handledAll } = await heldJobs(10, {
      concurrency: 8,
      refillWaitMs: 0,
    });
    try {
      await holding(8, "the consumer to fill its 8 slots");
      asked.length = 0;
      release(1);
      await holding(8, "the consumer to take the next job");
      expect(asked[0]).toBe(1);
      await handledAll(10);
    } finally {
      release(held.length);
      await consumer.stop();
    }
  });
});
