/**
 * An SQS event-source mapping, as Lambda polls a queue for a function: receiving, batching, invoking
 * with Lambda's SQS event (`sqs-lambda-event.ts`), and deleting what succeeded.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import type { InvokeResult, LocalFunction } from "./lambda-runtime.ts";
import { describeError, type Log } from "./log.ts";
import { type BatchVerdict, judgeBatchResponse, sqsRecord } from "./sqs-lambda-event.ts";

export interface SqsEventSourceMappingOptions {
  /** The function the mapping invokes, with its deployed name. */
  fn: LocalFunction;
  queueUrl: string;
  /** Messages per invocation (1–10). */
  batchSize: number;
  /** How long to gather a batch after its first message (0–300). */
  maxBatchingWindowSeconds: number;
  /** Most invocations of this mapping at once. */
  maxConcurrency: number;
  /** The Lambda service (`LambdaRuntime.invoke`). */
  invoke(fn: LocalFunction, event: SQSEvent): Promise<InvokeResult>;
  sqs: SQSClient;
  region: string;
  log: Log;
  /**
   * `WaitTimeSeconds` of each receive. Lambda's pollers wait 20 s; locally the wait is cut short so
   * `pause()` and `stop()` return promptly without abandoning a receive (fauxqs would still complete an
   * abandoned one and hide its messages for a visibility timeout). The function cannot tell.
   * @default 1
   */
  pollWaitSeconds?: number;
  /** How long `stop()` waits for running invocations. @default 10000 */
  stopTimeoutMs?: number;
}

type Received = Message & { MessageId: string; ReceiptHandle: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One SQS event-source mapping (one function, one queue), as Lambda runs it with
 * `ReportBatchItemFailures`: a poller long-polls the queue, gathers a batch until `batchSize` messages
 * or `maxBatchingWindowSeconds` after the first, and invokes the function with Lambda's SQS event,
 * keeping at most `maxConcurrency` invocations running. After the invocation it deletes
 * (`DeleteMessageBatch`) every message that succeeded; a failed invocation (error, timeout) or an
 * invalid answer deletes nothing. Undeleted messages come back when the queue's visibility timeout
 * ends, each receive counting toward the queue's `maxReceiveCount`; the queue (fauxqs) moves a message
 * past it to the DLQ, as SQS does.
 *
 * Like `CreateEventSourceMapping`, `start()` refuses a queue whose visibility timeout is shorter than
 * the function's timeout.
 */
export class SqsEventSourceMapping {
  private state: "new" | "running" | "paused" | "stopped" = "new";
  private arn = "";
  private loop: Promise<void> = Promise.resolve();
  /** Batches received and not yet settled (gathering, invoking, deleting). */
  private holding = 0;
  /** Invocations running. */
  private running = 0;
  private batchesStarted = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: SqsEventSourceMappingOptions) {}

  /** The queue's name (the last segment of its URL). */
  get queueName(): string {
    return this.options.queueUrl.slice(this.options.queueUrl.lastIndexOf("/") + 1);
  }

  /** Checks the queue as `CreateEventSourceMapping` does, then starts polling. */
  async start(): Promise<void> {
    if (this.state !== "new") throw new Error(`the mapping of ${this.queueName} was already started`);
    const { Attributes } = await this.options.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.queueUrl,
        AttributeNames: ["QueueArn", "VisibilityTimeout"],
      }),
    );
    const visibility = Number(Attributes?.VisibilityTimeout);
    const timeout = this.options.fn.timeoutSeconds ?? 10;
    if (!(visibility >= timeout)) {
      throw new Error(
        `cannot map ${this.queueName} to ${this.options.fn.name}: Queue visibility timeout: ${visibility} seconds is less than Function timeout: ${timeout} seconds`,
      );
    }
    this.arn = Attributes?.QueueArn ?? "";
    this.resume();
  }

  /** Stops receiving; resolves when nothing received is still being worked on. */
  async pause(): Promise<void> {
    if (this.state === "running") this.state = "paused";
    this.wake();
    await this.loop;
    await this.quiet();
  }

  /** Polls again after `pause()`. */
  resume(): void {
    if (this.state !== "new" && this.state !== "paused") return;
    this.state = "running";
    // A poller that has not yet noticed the pause simply carries on; otherwise a new one starts.
    this.loop = this.loop
      .then(() => (this.state === "running" ? this.poll() : undefined))
      .catch((error: unknown) => this.options.log("error", `the poller of ${this.queueName} stopped`, error));
  }

  /** Stops polling and waits (at most `stopTimeoutMs`) for running invocations. */
  async stop(): Promise<void> {
    this.state = "stopped";
    this.wake();
    const timeoutMs = this.options.stopTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const finished = this.loop.then(() => Promise.all([...this.inFlight])).then(() => "done" as const);
    const outcome = await Promise.race([finished, gaveUp]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.options.log(
        "warn",
        `${this.options.fn.name}: stopped the mapping of ${this.queueName} with invocations still running`,
      );
    }
  }

  /**
   * Resolves when the mapping holds no received message (none gathering, invoking or being deleted)
   * and, unless paused, the queue shows no visible message it is about to receive.
   */
  async idle(): Promise<void> {
    for (;;) {
      await this.quiet();
      const started = this.batchesStarted;
      // A receive's answer may be on its way back: give it a moment to arrive.
      await sleep(100);
      const visible = this.state === "running" ? await this.visibleMessages() : 0;
      if (this.holding === 0 && this.batchesStarted === started && visible === 0) return;
      await sleep(50);
    }
  }

  private async visibleMessages(): Promise<number> {
    try {
      const { Attributes } = await this.options.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.options.queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages"],
        }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? "0");
    } catch {
      // The queue cannot be read (SQS stopped): nothing more will arrive from it for now.
      return 0;
    }
  }

  private quiet(): Promise<void> {
    if (this.holding === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.holding > 0) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private wakeSlot: (() => void) | undefined;
  private wake(): void {
    this.wakeSlot?.();
    this.wakeSlot = undefined;
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (this.state === "running") {
      if (this.running >= this.options.maxConcurrency) {
        await new Promise<void>((resolve) => {
          this.wakeSlot = resolve;
        });
        continue;
      }
      let batch: Received[];
      try {
        batch = await this.gather();
        failures = 0;
      } catch (error) {
        failures += 1;
        const backoff = Math.min(10_000, 500 * 2 ** (failures - 1));
        this.options.log(
          "warn",
          `${this.options.fn.name}: cannot receive from ${this.queueName} (${describeError(error)}); retrying in ${backoff} ms`,
        );
        await sleep(backoff);
        continue;
      }
      if (batch.length === 0) continue;
      this.running += 1;
      const invocation = this.process(batch).finally(() => {
        this.running -= 1;
        this.holding -= 1;
        this.inFlight.delete(invocation);
        this.changed();
        this.wake();
      });
      this.inFlight.add(invocation);
    }
  }

  /**
   * Gathers one batch. Returns early with what it holds when paused or stopped. A receive error with
   * messages in hand ends the batch there; with none, it is thrown.
   */
  private async gather(): Promise<Received[]> {
    const { batchSize, maxBatchingWindowSeconds } = this.options;
    const batch: Received[] = [];
    let deadline: number | undefined;
    try {
      while (batch.length < batchSize && this.state === "running") {
        let wait = this.options.pollWaitSeconds ?? 1;
        if (deadline !== undefined) {
          const remaining = deadline - Date.now();
          if (remaining <= 0) break;
          if (remaining < 1000) {
            await sleep(remaining);
            wait = 0;
          } else {
            wait = Math.min(wait, Math.floor(remaining / 1000));
          }
        }
        const messages = await this.receive(Math.min(10, batchSize - batch.length), wait);
        if (messages.length === 0) continue;
        if (batch.length === 0) {
          this.holding += 1;
          this.batchesStarted += 1;
          deadline = Date.now() + maxBatchingWindowSeconds * 1000;
        }
        batch.push(...messages);
        if (maxBatchingWindowSeconds === 0) break;
      }
    } catch (error) {
      if (batch.length === 0) throw error;
      this.options.log(
        "warn",
        `${this.options.fn.name}: a receive from ${this.queueName} failed (${describeError(error)}); invoking with the ${batch.length} message(s) gathered`,
      );
    }
    return batch;
  }

  private async receive(max: number, waitSeconds: number): Promise<Received[]> {
    const { Messages } = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    return (Messages ?? []).filter(
      (m): m is Received => typeof m.MessageId === "string" && typeof m.ReceiptHandle === "string",
    );
  }

  private async process(batch: Received[]): Promise<void> {
    const { fn, log } = this.options;
    const event: SQSEvent = { Records: batch.map((m) => sqsRecord(m, this.arn, this.options.region)) };
    let result: InvokeResult;
    try {
      result = await this.options.invoke(fn, event);
    } catch (error) {
      result = { ok: false, errorType: "Local.InvokeError", error: describeError(error) };
    }
    const ids = new Set(batch.map((m) => m.MessageId));
    const verdict: BatchVerdict = result.ok
      ? judgeBatchResponse(result.payload, ids)
      : { kind: "failure", reason: `${result.errorType}: ${result.error}` };
    const size = `${batch.length} message(s) from ${this.queueName}`;
    if (verdict.kind === "failure") {
      log(
        "warn",
        `${fn.name} failed on a batch of ${size}: ${verdict.reason}; none is deleted, they return after the queue's visibility timeout`,
      );
      return;
    }
    if (verdict.failed.size > 0) {
      log("info", `${fn.name} reported ${verdict.failed.size} of ${size} failed; deleting the others`);
    }
    await this.delete(batch.filter((m) => !verdict.failed.has(m.MessageId)));
  }

  private async delete(messages: readonly Received[]): Promise<void> {
    for (let at = 0; at < messages.length; at += 10) {
      const chunk = messages.slice(at, at + 10);
      try {
        const { Failed } = await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        for (const failed of Failed ?? []) {
          this.options.log(
            "warn",
            `could not delete message ${chunk[Number(failed.Id)]?.MessageId} from ${this.queueName}: ${failed.Code} ${failed.Message ?? ""}`,
          );
        }
      } catch (error) {
        this.options.log(
          "error",
          `could not delete ${chunk.length} processed message(s) from ${this.queueName}; they will be delivered again`,
          error,
        );
      }
    }
  }
}
