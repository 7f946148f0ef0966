import { DeleteMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** A delete SQS refused for one message of a batch (`ReceiptHandleIsInvalid`, …). */
export class MessageDeleteError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string | undefined,
  ) {
    super(`SQS did not delete the message: ${code ?? "unknown"} ${message ?? ""}`.trim());
    this.name = "MessageDeleteError";
  }
}

interface PendingDelete {
  receiptHandle: string;
  resolve(): void;
  reject(error: unknown): void;
}

/** `DeleteMessageBatch` takes at most 10 entries. */
const MAX_ENTRIES = 10;

/** A queue's deletes, gathered into `DeleteMessageBatch` requests (`messageDeleter`). */
export interface MessageDeleter {
  /** Deletes one message, with whatever else waits: resolves once SQS deleted it. */
  delete(receiptHandle: string): Promise<void>;
  /**
   * For a stopping consumer: sends what waits now, sends every later delete at once instead of
   * waiting, and resolves once every delete asked for so far is answered.
   */
  drain(): Promise<void>;
}

/**
 * Deletes finished jobs' messages ten to a request: a delete waits up to `waitMs` for others (the jobs
 * of one receive tend to end close together), and ten waiting go at once. Each caller learns its own
 * message's outcome: a request that fails rejects every delete in it, an entry SQS refuses rejects
 * only its own (`MessageDeleteError`). SQS bills each request, so under a backlog this halves what a
 * job costs in requests (one receive for several, one delete for several).
 */
export function messageDeleter(client: SQSClient, queueUrl: string, waitMs: number): MessageDeleter {
  let waiting: PendingDelete[] = [];
  let timer: NodeJS.Timeout | undefined;
  let draining = false;
  const inFlight = new Set<Promise<void>>();

  const send = async (batch: readonly PendingDelete[]): Promise<void> => {
    let failed: Map<string, { Code?: string; Message?: string }>;
    try {
      const result = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((pending, i) => ({ Id: String(i), ReceiptHandle: pending.receiptHandle })),
        }),
      );
      failed = new Map((result.Failed ?? []).map((entry) => [entry.Id ?? "", entry]));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const refusal = failed.get(String(i));
      if (refusal) pending.reject(new MessageDeleteError(refusal.Code, refusal.Message));
      else pending.resolve();
    });
  };

  const sendWaiting = () => {
    clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    const sent = send(batch).finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };

  return {
    delete: (receiptHandle) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ receiptHandle, resolve, reject });
        if (draining || waiting.length >= MAX_ENTRIES) sendWaiting();
        else timer ??= setTimeout(sendWaiting, waitMs);
      }),
    drain: async () => {
      draining = true;
      sendWaiting();
      await Promise.all(inFlight);
    },
  };
}
