import {
  ChangeMessageVisibilityCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type ConsumerLog, ConsumerShutdownError, type JobOutcome, JobTimeoutError } from "./consumer.ts";
import { messageDeleter } from "./delete-messages.ts";
import { releaseMessages } from "./release-messages.ts";

export interface ContainerConsumerOptions {
  client: SQSClient;
  queueUrl: string;
  /** Jobs worked on at once; the consumer receives only as many messages as it has free slots. */
  concurrency: number;
  /** Longest one job may run: past it the job's signal aborts and its message is released. */
  jobTimeoutSeconds: number;
  /**
   * The lease: how long a received message stays hidden from other consumers (`VisibilityTimeout` on
   * `ReceiveMessage`). A crashed task's messages come back after at most this long.
   * @default 60
   */
  visibilityTimeoutSeconds?: number;
  /**
   * How often a running job's lease is renewed (`ChangeMessageVisibility` to the full lease). Must be
   * shorter than the lease.
   * @default 20
   */
  heartbeatSeconds?: number;
  /**
   * How long a message that failed (answered `retry`, threw, or timed out) stays hidden before it is
   * received again. Each failure counts toward the queue's `maxReceiveCount`.
   * @default 0
   */
  retryDelaySeconds?: number;
  /**
   * On stop (SIGTERM), how long running jobs may take to finish before they are aborted and their
   * messages released. Keep it below the task's stop timeout (ECS: 30 s), minus the long poll.
   * @default 25
   */
  shutdownGraceSeconds?: number;
  /**
   * `WaitTimeSeconds` of each long poll (1–20). A stopping consumer waits for its poll to return rather
   * than abandon it (an abandoned poll can still take a message, which then stays hidden a whole lease).
   * @default 20
   */
  waitTimeSeconds?: number;
  /**
   * When every slot was taken, how long a freed slot waits for more to free (until half of them are)
   * before the next receive: under a backlog, one `ReceiveMessage` then brings several messages instead
   * of one per finished job (each a request SQS bills, and CPU here). Only a task that was full waits,
   * so a job that waits for it was waiting in the queue anyway; `0` receives at once.
   * @default 50
   */
  refillWaitMs?: number;
  /**
   * How long a finished job's delete waits for others to share its `DeleteMessageBatch` (ten go at
   * once). The message stays hidden under its lease meanwhile (so the wait must be shorter than the
   * lease minus the heartbeat); `0` still gathers the deletes of one turn. On stop, waiting deletes
   * leave at once.
   * @default 10
   */
  deleteWaitMs?: number;
  /**
   * Stop on SIGTERM and SIGINT (ECS stops a task with SIGTERM), then exit the process with 0. A second
   * signal skips what is left of the grace period.
   * @default true
   */
  handleSignals?: boolean;
  /** Works on one message. `signal` aborts when the job times out or the consumer shuts down. */
  handle(message: Message, context: { signal: AbortSignal }): Promise<JobOutcome>;
  log: ConsumerLog;
}

/** A running consumer. */
export interface ContainerConsumer {
  /**
   * Stops receiving, lets running jobs finish within the grace period, releases the rest (visibility
   * 0) and resolves. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
  /** Resolves once the consumer has stopped, however it was asked to. */
  readonly stopped: Promise<void>;
}

interface Job {
  message: Message & { ReceiptHandle: string };
  controller: AbortController;
  startedAt: number;
  /** The message was handed back (released) or deleted: the job's outcome no longer decides anything. */
  settledMessage: boolean;
  /** Visibility changes of this message, in order (a renewal must never land after a release). */
  visibility: Promise<void>;
  heartbeat: NodeJS.Timeout;
  timeout: NodeJS.Timeout;
}

/** An option in milliseconds, checked: finite and not negative. */
function milliseconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds, not ${value}`);
  }
  return value;
}

/** Receive errors back off from 1 s up to this. */
const MAX_RECEIVE_BACKOFF_MS = 20_000;

/**
 * The loop a container (ECS Fargate) queue consumer runs: long-polls its queue for as many messages as
 * it has free slots, works on up to `concurrency` at once, renews each running job's lease every
 * heartbeat, deletes a message when its job answers `done` (together with others that end within
 * `deleteWaitMs`), and on `retry`, an error or a timeout makes
 * it visible again after `retryDelaySeconds`, so the queue's redrive policy counts the failure.
 *
 * On stop (SIGTERM from ECS, or `stop()`), it receives nothing more, waits for its last poll to
 * return (handing back anything it brought), gives running jobs `shutdownGraceSeconds` to finish, then
 * aborts the rest and releases their messages together, so another task takes them at once instead of
 * after the lease.
 *
 * Plain AWS SDK: it neither knows nor asks whether it runs in AWS or in the local cloud.
 */
export function runContainerConsumer(options: ContainerConsumerOptions): ContainerConsumer {
  const lease = options.visibilityTimeoutSeconds ?? 60;
  const heartbeatSeconds = options.heartbeatSeconds ?? 20;
  const retryDelay = options.retryDelaySeconds ?? 0;
  const graceMs = (options.shutdownGraceSeconds ?? 25) * 1000;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const refillWaitMs = milliseconds("refillWaitMs", options.refillWaitMs ?? 50);
  const deleteWaitMs = milliseconds("deleteWaitMs", options.deleteWaitMs ?? 10);
  const { client, queueUrl, log } = options;
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, not ${options.concurrency}`);
  }
  if (heartbeatSeconds <= 0 || heartbeatSeconds >= lease) {
    throw new RangeError(`heartbeat (${heartbeatSeconds} s) must be shorter than the lease (${lease} s)`);
  }
  if (!Number.isInteger(waitTimeSeconds) || waitTimeSeconds < 1 || waitTimeSeconds > 20) {
    throw new RangeError(`waitTimeSeconds must be an integer from 1 to 20, not ${waitTimeSeconds}`);
  }
  if (deleteWaitMs >= (lease - heartbeatSeconds) * 1000) {
    // A finished job's lease is no longer renewed: its delete must leave before the lease can end.
    throw new RangeError(`deleteWaitMs (${deleteWaitMs}) must be shorter than the lease minus the heartbeat`);
  }
  const deletes = messageDeleter(client, queueUrl, deleteWaitMs);

  const jobs = new Set<Job>();
  let stopping = false;
  /** A second signal: skip what is left of the grace period. */
  let hurry = false;
  let cutShort: (() => void) | undefined;
  let wake: (() => void) | undefined;
  const wakeLoop = () => {
    wake?.();
    wake = undefined;
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const changeVisibility = (job: Job, seconds: number, why: string): Promise<void> => {
    job.visibility = job.visibility.then(async () => {
      try {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: job.message.ReceiptHandle,
            VisibilityTimeout: seconds,
          }),
        );
      } catch (error) {
        log.warn(`could not ${why}`, { messageId: job.message.MessageId, error });
      }
    });
    return job.visibility;
  };

  const settle = (job: Job): boolean => {
    if (job.settledMessage) return false;
    job.settledMessage = true;
    clearInterval(job.heartbeat);
    clearTimeout(job.timeout);
    return true;
  };

  const release = (job: Job, seconds: number): Promise<void> =>
    settle(job) ? changeVisibility(job, seconds, "release the message") : Promise.resolve();

  const finish = async (job: Job, outcome: JobOutcome | Error): Promise<void> => {
    const messageId = job.message.MessageId;
    const ms = Date.now() - job.startedAt;
    if (job.settledMessage) {
      log.warn("a job ended after its message was released; its outcome is dropped", {
        messageId,
        outcome: outcome instanceof Error ? "error" : outcome,
        ms,
      });
      return;
    }
    if (outcome === "done") {
      settle(job);
      await job.visibility;
      try {
        await deletes.delete(job.message.ReceiptHandle);
        log.debug("job done", { messageId, ms });
      } catch (error) {
        log.error("a finished job's message could not be deleted; it will be received again", {
          messageId,
          error,
        });
      }
      return;
    }
    if (outcome instanceof Error)
      log.error("job failed; its message will be retried", { messageId, ms, error: outcome });
    else log.warn("job asked to be retried", { messageId, ms });
    await release(job, retryDelay);
  };

  const start = (message: Job["message"]) => {
    const controller = new AbortController();
    const job: Job = {
      message,
      controller,
      startedAt: Date.now(),
      settledMessage: false,
      visibility: Promise.resolve(),
      heartbeat: setInterval(() => {
        if (!job.settledMessage) void changeVisibility(job, lease, "renew the lease");
      }, heartbeatSeconds * 1000),
      timeout: setTimeout(() => {
        controller.abort(new JobTimeoutError(options.jobTimeoutSeconds));
        log.error("job timed out; its message is released", {
          messageId: message.MessageId,
          timeoutSeconds: options.jobTimeoutSeconds,
        });
        void release(job, retryDelay);
      }, options.jobTimeoutSeconds * 1000),
    };
    jobs.add(job);
    // A job keeps its slot until its handler returns, even past its timeout: a handler that ignores its
    // signal must not let the task take on more work than it was sized for.
    Promise.resolve()
      .then(() => options.handle(message, { signal: controller.signal }))
      .then(
        (outcome) =>
          outcome === "done" || outcome === "retry"
            ? outcome
            : new Error(`the job handler answered ${JSON.stringify(outcome)}, not "done" or "retry"`),
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      )
      .then((outcome) => finish(job, outcome))
      .catch((error: unknown) => log.error("a job's ending failed", { messageId: message.MessageId, error }))
      .finally(() => {
        jobs.delete(job);
        if (jobs.size === 0) cutShort?.();
        wakeLoop();
      });
  };

  const hasReceipt = (m: Message): m is Job["message"] => typeof m.ReceiptHandle === "string";

  const loop = async (): Promise<void> => {
    let failures = 0;
    while (!stopping) {
      if (jobs.size >= options.concurrency) {
        await nap(60_000);
        // Full until a job ended: let more end within the refill wait, so one receive fills several.
        const until = Date.now() + refillWaitMs;
        while (!stopping && jobs.size > options.concurrency / 2 && Date.now() < until) {
          await nap(until - Date.now());
        }
        continue;
      }
      let messages: Job["message"][];
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, options.concurrency - jobs.size),
            WaitTimeSeconds: waitTimeSeconds,
            VisibilityTimeout: lease,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
        );
        messages = (received.Messages ?? []).filter(hasReceipt);
        failures = 0;
      } catch (error) {
        if (stopping) break;
        failures += 1;
        const backoff = Math.min(MAX_RECEIVE_BACKOFF_MS, 1000 * 2 ** (failures - 1));
        log.error("could not receive from the queue; trying again", { queueUrl, backoffMs: backoff, error });
        await nap(backoff);
        continue;
      }
      if (stopping) {
        // Brought back by the last poll after the stop: hand them straight back.
        await releaseMessages(client, queueUrl, messages, log);
        break;
      }
      for (const message of messages) start(message);
    }
  };

  let stopPromise: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      stopping = true;
      wakeLoop();
      // No delete waits any more: the jobs' ends, which include their deletes, are what stop() waits for.
      void deletes.drain();
      const deadline = Date.now() + graceMs;
      await polling;
      if (jobs.size > 0) {
        log.info("stopping: waiting for running jobs", { jobs: jobs.size, graceMs: deadline - Date.now() });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          cutShort = () => {
            clearTimeout(timer);
            resolve();
          };
          if (jobs.size === 0 || hurry) cutShort();
        });
      }
      const unfinished = [...jobs].filter((job) => !job.settledMessage);
      if (unfinished.length > 0) {
        log.warn("stopping: releasing unfinished jobs", {
          messageIds: unfinished.map((job) => job.message.MessageId),
        });
        for (const job of unfinished) {
          settle(job);
          job.controller.abort(new ConsumerShutdownError());
        }
        await Promise.all(unfinished.map((job) => job.visibility));
        await releaseMessages(
          client,
          queueUrl,
          unfinished.map((job) => job.message),
          log,
        );
      }
      // A job that ended as the grace period did may have queued its delete since: it leaves now.
      await Promise.all([...jobs].map((job) => job.visibility));
      await deletes.drain();
      removeSignalHandlers();
      log.info("stopped");
    })();
    return stopPromise;
  };

  let signalled = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled += 1;
    if (signalled > 1) {
      log.warn(`${signal} again: releasing running jobs now`);
      hurry = true;
      cutShort?.();
      return;
    }
    log.info(`${signal}: stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("the consumer did not stop cleanly", { error });
        process.exit(1);
      },
    );
  };
  const removeSignalHandlers = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  if (options.handleSignals ?? true) {
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }

  const polling = loop().catch((error: unknown) => log.error("the receive loop failed", { error }));
  log.info("consuming", { queueUrl, concurrency: options.concurrency, lease, heartbeatSeconds });
  return { stop, stopped: polling.then(() => stopPromise ?? stop()) };
}
