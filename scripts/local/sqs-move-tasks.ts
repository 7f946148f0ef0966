import { randomUUID } from "node:crypto";
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  type Message,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { AwsServiceError } from "./aws-json-server.ts";
import { describeError, type Log } from "./log.ts";

/** The SQS actions fauxqs lacks and the local cloud answers itself (JSON protocol, `AmazonSQS.<Action>`). */
export const MOVE_TASK_ACTIONS = [
  "StartMessageMoveTask",
  "ListMessageMoveTasks",
  "CancelMessageMoveTask",
] as const;
export type MoveTaskAction = (typeof MOVE_TASK_ACTIONS)[number];

type Status = "RUNNING" | "COMPLETED" | "CANCELLING" | "CANCELLED" | "FAILED";

interface Task {
  id: string;
  handle: string;
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  status: Status;
  moved: number;
  toMove: number;
  startedAt: number;
  failureReason?: string;
  done: Promise<void>;
}

export interface MoveTasksOptions {
  /** A client of the local SQS itself: the tasks move messages through the same API as anyone. */
  client: SQSClient;
  /** The URL of a queue from its ARN. */
  queueUrlOf(arn: string): string;
  /**
   * A client of the local SQS that signs with the caller's access key id: a move task receives, sends
   * and deletes with the permissions of whoever started it, as in AWS.
   * @default `client` for every caller
   */
  clientAs?(accessKeyId: string | undefined): SQSClient;
  log: Log;
}

const SOURCE_NOT_FOUND = "The resource that you specified for the SourceArn parameter doesn't exist.";

/**
 * DLQ redrive as AWS does it: `StartMessageMoveTask` moves every message the dead-letter queue holds
 * when the task starts — to `DestinationArn`, or back to the queue whose redrive policy names the DLQ —
 * asynchronously, by receive → send (body, message attributes and group id kept; a new message id and
 * sent time, as AWS gives redriven messages) → delete. `ListMessageMoveTasks` answers the newest tasks
 * of a source first; `CancelMessageMoveTask` stops a running one. Errors are AWS's codes and messages.
 * Unlike AWS, which remembers each dead letter's own source, a DLQ of several source queues needs a
 * `DestinationArn` here.
 */
export function createMoveTasks(options: MoveTasksOptions) {
  const { client } = options;
  const tasks: Task[] = [];

  const queueNameOf = (arn: string, member: string): string => {
    const parts = arn.split(":");
    if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sqs" || !parts[5]) {
      throw new AwsServiceError(
        "InvalidParameterValue",
        `You must use this format to specify the ${member}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`,
      );
    }
    return parts[5];
  };

  const exists = async (arn: string): Promise<boolean> => {
    try {
      await client.send(
        new GetQueueAttributesCommand({ QueueUrl: options.queueUrlOf(arn), AttributeNames: ["QueueArn"] }),
      );
      return true;
    } catch (error) {
      if (error instanceof QueueDoesNotExist) return false;
      throw error;
    }
  };

  /** The ARNs of the queues whose redrive policy names `dlqArn`. */
  const sourcesOf = async (dlqArn: string): Promise<string[]> => {
    const { QueueUrls = [] } = await client.send(new ListQueuesCommand({}));
    const sources: string[] = [];
    for (const url of QueueUrls) {
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn", "RedrivePolicy"] }),
      );
      const policy = Attributes?.RedrivePolicy
        ? (JSON.parse(Attributes.RedrivePolicy) as unknown)
        : undefined;
      const target =
        typeof policy === "object" && policy !== null && "deadLetterTargetArn" in policy
          ? policy.deadLetterTargetArn
          : undefined;
      if (target === dlqArn && Attributes?.QueueArn) sources.push(Attributes.QueueArn);
    }
    return sources;
  };

  /** The checks AWS makes of a move task's source: it exists, and it is some queue's DLQ. */
  const requireDeadLetterSource = async (sourceArn: unknown): Promise<{ arn: string; sources: string[] }> => {
    if (typeof sourceArn !== "string" || sourceArn.length === 0) {
      throw new AwsServiceError("MissingParameter", "The request must contain the parameter SourceArn.");
    }
    queueNameOf(sourceArn, "SourceArn");
    if (!(await exists(sourceArn)))
      throw new AwsServiceError("ResourceNotFoundException", SOURCE_NOT_FOUND, 404);
    const sources = await sourcesOf(sourceArn);
    if (sources.length === 0) {
      throw new AwsServiceError(
        "InvalidParameterValue",
        "Source queue must be configured as a Dead Letter Queue.",
      );
    }
    return { arn: sourceArn, sources };
  };

  const run = async (task: Task, destinationArn: string, mover: SQSClient): Promise<void> => {
    const from = options.queueUrlOf(task.sourceArn);
    const to = options.queueUrlOf(destinationArn);
    const pause = task.maxPerSecond ? 1000 / task.maxPerSecond : 0;
    try {
      while (task.moved < task.toMove && task.status === "RUNNING") {
        const { Messages = [] } = await mover.send(
          new ReceiveMessageCommand({
            QueueUrl: from,
            // A paced task takes one message at a time, so a cancel leaves the rest visible in the DLQ.
            MaxNumberOfMessages: task.maxPerSecond ? 1 : Math.min(10, task.toMove - task.moved),
            VisibilityTimeout: 30,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ["All"],
            MessageSystemAttributeNames: ["MessageGroupId"],
          }),
        );
        if (Messages.length === 0) break;
        for (const message of Messages) {
          await moveOne(mover, message, from, to);
          task.moved++;
          if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
      task.status = task.status === "CANCELLING" ? "CANCELLED" : "COMPLETED";
    } catch (error) {
      task.status = "FAILED";
      task.failureReason =
        error instanceof QueueDoesNotExist ? "AWS.SimpleQueueService.NonExistentQueue" : "InternalFailure";
      options.log("warn", `sqs: message move task from ${task.sourceArn} failed`, describeError(error));
    }
  };

  const moveOne = async (mover: SQSClient, message: Message, from: string, to: string): Promise<void> => {
    await mover.send(
      new SendMessageCommand({
        QueueUrl: to,
        MessageBody: message.Body,
        MessageAttributes: message.MessageAttributes,
        MessageGroupId: message.Attributes?.MessageGroupId,
      }),
    );
    await mover.send(new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: message.ReceiptHandle }));
  };

  const start = async (input: Record<string, unknown>, caller: string | undefined) => {
    const source = await requireDeadLetterSource(input.SourceArn);
    const destinationArn = input.DestinationArn;
    if (destinationArn !== undefined) {
      if (typeof destinationArn !== "string") {
        throw new AwsServiceError("InvalidParameterValue", "Value for parameter DestinationArn is invalid.");
      }
      queueNameOf(destinationArn, "DestinationArn");
      if (destinationArn === source.arn) {
        throw new AwsServiceError(
          "InvalidParameterValue",
          "Source queue arn and destination queue arn cannot be the same.",
        );
      }
      if (!(await exists(destinationArn))) {
        throw new AwsServiceError(
          "ResourceNotFoundException",
          "The resource that you specified for the DestinationArn parameter doesn't exist.",
          404,
        );
      }
    }
    const target = typeof destinationArn === "string" ? destinationArn : source.sources[0];
    if (target === undefined || (destinationArn === undefined && source.sources.length > 1)) {
      throw new AwsServiceError(
        "UnsupportedOperation",
        "The local cloud does not record which of several source queues a dead letter came from: pass DestinationArn.",
      );
    }
    const maxPerSecond = input.MaxNumberOfMessagesPerSecond;
    if (
      maxPerSecond !== undefined &&
      (!Number.isInteger(maxPerSecond) || Number(maxPerSecond) < 1 || Number(maxPerSecond) > 500)
    ) {
      throw new AwsServiceError(
        "InvalidParameterValue",
        "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and 500.",
      );
    }
    if (
      tasks.some((t) => t.sourceArn === source.arn && (t.status === "RUNNING" || t.status === "CANCELLING"))
    ) {
      throw new AwsServiceError(
        "InvalidParameterValue",
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
      );
    }
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: options.queueUrlOf(source.arn),
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    const id = randomUUID();
    const task: Task = {
      id,
      // AWS's handle: base64 of a JSON document naming the task and its source.
      handle: Buffer.from(JSON.stringify({ taskId: id, sourceArn: source.arn })).toString("base64"),
      sourceArn: source.arn,
      ...(typeof destinationArn === "string" ? { destinationArn } : {}),
      ...(typeof maxPerSecond === "number" ? { maxPerSecond } : {}),
      status: "RUNNING",
      moved: 0,
      toMove: Number(Attributes?.ApproximateNumberOfMessages ?? "0"),
      startedAt: Date.now(),
      done: Promise.resolve(),
    };
    tasks.push(task);
    task.done = run(task, target, options.clientAs?.(caller) ?? client);
    return { TaskHandle: task.handle };
  };

  const list = async (input: Record<string, unknown>) => {
    const source = await requireDeadLetterSource(input.SourceArn);
    const max = input.MaxResults ?? 1;
    if (!Number.isInteger(max) || Number(max) < 1 || Number(max) > 10) {
      throw new AwsServiceError(
        "InvalidParameterValue",
        "Value for parameter MaxResults is invalid. Reason: Must be between 1 and 10.",
      );
    }
    const newestFirst = tasks
      .filter((t) => t.sourceArn === source.arn)
      .reverse()
      .slice(0, Number(max));
    return {
      Results: newestFirst.map((t) => ({
        ...(t.status === "RUNNING" ? { TaskHandle: t.handle } : {}),
        Status: t.status,
        SourceArn: t.sourceArn,
        ...(t.destinationArn ? { DestinationArn: t.destinationArn } : {}),
        ...(t.maxPerSecond ? { MaxNumberOfMessagesPerSecond: t.maxPerSecond } : {}),
        ApproximateNumberOfMessagesMoved: t.moved,
        ApproximateNumberOfMessagesToMove: t.toMove,
        ...(t.failureReason ? { FailureReason: t.failureReason } : {}),
        StartedTimestamp: t.startedAt,
      })),
    };
  };

  const cancel = async (input: Record<string, unknown>) => {
    const invalid = new AwsServiceError(
      "InvalidParameterValue",
      "Value for parameter TaskHandle is invalid.",
    );
    if (typeof input.TaskHandle !== "string") throw invalid;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(input.TaskHandle, "base64").toString("utf8"));
    } catch {
      throw invalid;
    }
    if (
      typeof decoded !== "object" ||
      decoded === null ||
      !("taskId" in decoded) ||
      !("sourceArn" in decoded) ||
      typeof decoded.sourceArn !== "string"
    ) {
      throw invalid;
    }
    if (!(await exists(decoded.sourceArn))) {
      throw new AwsServiceError("ResourceNotFoundException", SOURCE_NOT_FOUND, 404);
    }
    const task = tasks.find((t) => t.id === decoded.taskId && t.sourceArn === decoded.sourceArn);
    if (!task) throw new AwsServiceError("ResourceNotFoundException", "Task does not exist.", 404);
    if (task.status !== "RUNNING") {
      // AWS documents that only a RUNNING task can be cancelled, but not the error it answers.
      throw new AwsServiceError(
        "UnsupportedOperation",
        `The task is ${task.status}; only a RUNNING task can be cancelled.`,
      );
    }
    task.status = "CANCELLING";
    return { ApproximateNumberOfMessagesMoved: task.moved };
  };

  const handlers: Record<
    MoveTaskAction,
    (input: Record<string, unknown>, caller: string | undefined) => Promise<unknown>
  > = {
    StartMessageMoveTask: start,
    ListMessageMoveTasks: list,
    CancelMessageMoveTask: cancel,
  };

  return {
    /** Answers a move-task action for the caller (the access key id it signed with). */
    handle: (action: MoveTaskAction, input: Record<string, unknown>, caller?: string) =>
      handlers[action](input, caller),
    /** Cancels running tasks and waits for them, so nothing moves once SQS stops. */
    async stop(): Promise<void> {
      for (const task of tasks) if (task.status === "RUNNING") task.status = "CANCELLING";
      await Promise.all(tasks.map((t) => t.done));
    },
  };
}

export type MoveTasks = ReturnType<typeof createMoveTasks>;

export function isMoveTaskAction(action: string): action is MoveTaskAction {
  return (MOVE_TASK_ACTIONS as readonly string[]).includes(action);
}
