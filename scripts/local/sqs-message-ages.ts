import { describeError, type Log } from "./log.ts";

/** A message as fauxqs's queue inspection (`GET /_fauxqs/queues/<name>`) shows it, as far as read here. */
export interface InspectedMessage {
  messageId: string;
  /** Epoch milliseconds; moving a message to a DLQ keeps it, as AWS does for standard queues. */
  sentTimestamp: number;
}

/** A queue's messages as fauxqs's inspection answers them: none taken, no visibility changed. */
export interface InspectedQueue {
  messages: {
    ready: InspectedMessage[];
    delayed: InspectedMessage[];
    inflight: { message: InspectedMessage }[];
  };
}

export interface MessageAgesOptions {
  /** A queue's messages by queue name; undefined when there is no such queue. */
  inspect: (queueName: string) => Promise<InspectedQueue | undefined>;
  /** The name of the DLQ a queue's redrive policy names, if any. */
  deadLetterQueueOf: (queueName: string) => Promise<string | undefined>;
  log: Log;
  /** @default Date.now */
  now?: () => number;
}

/** What a receive on a queue with a DLQ saw of the DLQ before it ran. */
export interface PendingReceive {
  dlq: string;
  before: ReadonlySet<string>;
  startedAt: number;
}

/**
 * When the oldest message still in a queue got there, as CloudWatch's `ApproximateAgeOfOldestMessage`
 * counts it: over messages visible or in flight (not deleted; delayed ones are not in the queue yet),
 * from when each was sent, except in a DLQ, where AWS counts from when SQS moved the message there.
 *
 * fauxqs moves a message to its DLQ inside a `ReceiveMessage` on the source queue and records no
 * time for it, so each such receive is watched: a message in the DLQ afterwards that was not there
 * before, and was sent before the receive began, was moved by it, now. One sent straight to the DLQ
 * meanwhile was sent after the receive began, and counts from then, as any sent message does.
 */
export class MessageAges {
  /** When SQS moved each message into a DLQ, by DLQ name and message id. */
  private readonly deadLettered = new Map<string, Map<string, number>>();
  /** Each queue's DLQ as its redrive policy names it, until a queue's attributes may have changed. */
  private readonly deadLetterQueues = new Map<string, Promise<string | undefined>>();
  private readonly now: () => number;

  constructor(private readonly options: MessageAgesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Call when a queue is created, deleted or has its attributes set: a redrive policy may change. */
  forgetRedrivePolicies(): void {
    this.deadLetterQueues.clear();
  }

  /** Call as a receive on `queueName` starts; pass what it answers to `afterReceive` once it is done. */
  async beforeReceive(queueName: string): Promise<PendingReceive | undefined> {
    try {
      let known = this.deadLetterQueues.get(queueName);
      if (known === undefined) {
        known = this.options.deadLetterQueueOf(queueName);
        this.deadLetterQueues.set(queueName, known);
        known.catch(() => this.deadLetterQueues.delete(queueName));
      }
      const dlq = await known;
      if (dlq === undefined) return undefined;
      const startedAt = this.now();
      return {
        dlq,
        before: new Set(held(await this.options.inspect(dlq)).map((m) => m.messageId)),
        startedAt,
      };
    } catch (error) {
      // The receive itself must not fail for this: at worst a dead letter counts from when it was sent.
      this.options.log(
        "error",
        `sqs: could not watch a receive on ${queueName} for dead letters`,
        describeError(error),
      );
      return undefined;
    }
  }

  async afterReceive(pending: PendingReceive): Promise<void> {
    try {
      const messages = held(await this.options.inspect(pending.dlq));
      const now = this.now();
      const stamps = this.deadLettered.get(pending.dlq) ?? new Map<string, number>();
      const present = new Set(messages.map((m) => m.messageId));
      // A dead letter that left (deleted, redriven) needs no stamp any more.
      for (const id of stamps.keys()) if (!present.has(id)) stamps.delete(id);
      for (const { messageId, sentTimestamp } of messages) {
        // The first receive to see a move stamps it: a concurrent, longer one ends later.
        if (!pending.before.has(messageId) && sentTimestamp < pending.startedAt && !stamps.has(messageId)) {
          stamps.set(messageId, now);
        }
      }
      this.deadLettered.set(pending.dlq, stamps);
    } catch (error) {
      this.options.log(
        "error",
        `sqs: could not stamp the dead letters of ${pending.dlq}`,
        describeError(error),
      );
    }
  }

  /** Epoch milliseconds at which the oldest message still in the queue got there; undefined if none. */
  async oldestMessageAt(queueName: string): Promise<number | undefined> {
    const queue = await this.options.inspect(queueName);
    if (queue === undefined) return undefined;
    const stamps = this.deadLettered.get(queueName);
    const arrivals = [...queue.messages.ready, ...queue.messages.inflight.map((entry) => entry.message)].map(
      (message) => stamps?.get(message.messageId) ?? message.sentTimestamp,
    );
    return arrivals.length === 0 ? undefined : Math.min(...arrivals);
  }
}

/** Every message a queue holds, delayed ones included (a receive can move none of those, though). */
function held(queue: InspectedQueue | undefined): InspectedMessage[] {
  if (queue === undefined) return [];
  const { ready, delayed, inflight } = queue.messages;
  return [...ready, ...delayed, ...inflight.map((entry) => entry.message)];
}
