import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type SQSClientConfig,
} from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import type { QueueDeclaration } from "#shared/platform/declaration/types";
import type { AwsCallLog } from "./aws-calls.ts";
import { AwsServiceError } from "./aws-json-server.ts";
import { sqsAuthorizations } from "./iam-authorizations.ts";
import type { Log } from "./log.ts";
import { accessKeyIn } from "./principals.ts";
import { type InspectedQueue, MessageAges, type PendingReceive } from "./sqs-message-ages.ts";
import { createMoveTasks, isMoveTaskAction, type MoveTasks } from "./sqs-move-tasks.ts";

/** What the hooks below use of fauxqs's (Fastify's) request and reply. */
interface FauxqsRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
interface FauxqsReply {
  header(name: string, value: string): FauxqsReply;
  status(code: number): FauxqsReply;
  send(payload: unknown): FauxqsReply;
}

/** The account id fauxqs puts in every queue URL and ARN. */
export const SQS_ACCOUNT = "000000000000";

export interface RunningSqs {
  url: string;
  /** The URL of a queue by its resource name, on the 127.0.0.1 endpoint every client can resolve. */
  queueUrl(queueName: string): string;
  /**
   * Epoch milliseconds at which the oldest message still in a queue (visible or in flight) got there:
   * sent, or moved to the DLQ by SQS. Undefined for an empty or unknown queue. The local CloudWatch's
   * `ApproximateAgeOfOldestMessage`.
   */
  oldestMessageAt(queueName: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** The action of an SQS JSON-protocol request (`X-Amz-Target: AmazonSQS.<Action>`), or "". */
function actionOf(request: FauxqsRequest): string {
  const target = request.headers["x-amz-target"];
  return typeof target === "string" ? target.replace(/^AmazonSQS\./, "") : "";
}

/** The queue name at the end of a request's `QueueUrl`, if it has one. */
function queueNameIn(body: unknown): string | undefined {
  if (
    typeof body !== "object" ||
    body === null ||
    !("QueueUrl" in body) ||
    typeof body.QueueUrl !== "string"
  ) {
    return undefined;
  }
  return body.QueueUrl.split("/").filter(Boolean).at(-1);
}

/**
 * SQS from fauxqs. fauxqs names queues `http://sqs.<region>.localhost:<port>/…`, a host name Node cannot
 * resolve on most machines; and the SDK sends requests to the host of the `QueueUrl` it is given. So the
 * local cloud hands out `http://127.0.0.1:<port>/<account>/<queue>` (what AWS also accepts: it finds a
 * queue by account and name, whatever the host) and translates at fauxqs's door, both ways.
 * The DLQ redrive actions fauxqs lacks (`StartMessageMoveTask`, `ListMessageMoveTasks`,
 * `CancelMessageMoveTask`) are answered here, before fauxqs, as AWS answers them (`sqs-move-tasks.ts`).
 * Receives on a queue with a DLQ are watched for the messages they dead-letter, so the local
 * CloudWatch can tell a dead letter's age as AWS does (`sqs-message-ages.ts`).
 */
export async function startSqs(options: {
  port: number;
  region: string;
  log: Log;
  /** Where each request's IAM authorizations are recorded under its caller. */
  calls?: AwsCallLog;
}): Promise<RunningSqs> {
  const app = buildApp({ logger: false, defaultRegion: options.region });
  let port = options.port;
  const publicOrigin = () => `http://127.0.0.1:${port}`;
  const fauxqsOrigin = () => `http://sqs.${options.region}.localhost:${port}`;
  let moveTasks: MoveTasks | undefined;
  const calls = options.calls;
  if (calls !== undefined) {
    // First of the hooks: IAM decides before SQS (or a move task) does anything.
    app.addHook("preHandler", (request: FauxqsRequest, _reply: unknown, done: () => void) => {
      const action = actionOf(request);
      if (action !== "") {
        const input = typeof request.body === "object" && request.body !== null ? request.body : {};
        calls.record(
          request.headers.authorization,
          sqsAuthorizations(action, input as Record<string, unknown>, {
            region: options.region,
            account: SQS_ACCOUNT,
          }),
        );
      }
      done();
    });
  }
  app.addHook("preHandler", async (request: FauxqsRequest, reply: FauxqsReply) => {
    const action = actionOf(request);
    if (!isMoveTaskAction(action) || moveTasks === undefined) return;
    const input = typeof request.body === "object" && request.body !== null ? request.body : {};
    reply.header("content-type", "application/x-amz-json-1.0");
    try {
      return reply.send(
        await moveTasks.handle(
          action,
          input as Record<string, unknown>,
          accessKeyIn(request.headers.authorization),
        ),
      );
    } catch (error) {
      if (!(error instanceof AwsServiceError)) throw error;
      // The JSON protocol's error body, and the query-compatible code the SDK reads as `Error.Code`.
      return reply
        .status(error.status)
        .header("x-amzn-query-error", `${error.type};Sender`)
        .send({ __type: `com.amazonaws.sqs#${error.type}`, message: error.message });
    }
  });
  app.addHook("preHandler", (request: { body: unknown }, _reply: unknown, done: () => void) => {
    const body: unknown = request.body;
    if (
      typeof body === "object" &&
      body !== null &&
      "QueueUrl" in body &&
      typeof body.QueueUrl === "string"
    ) {
      const url = new URL(body.QueueUrl);
      Object.assign(body, { QueueUrl: `${fauxqsOrigin()}${url.pathname}` });
    }
    done();
  });
  app.addHook(
    "onSend",
    (_request: unknown, _reply: unknown, payload: unknown, done: (error: null, payload: unknown) => void) => {
      done(null, typeof payload === "string" ? payload.replaceAll(fauxqsOrigin(), publicOrigin()) : payload);
    },
  );
  const ages = new MessageAges({
    // fauxqs's own non-destructive inspection, asked in process.
    inspect: async (queueName) => {
      const answer = await app.inject({
        method: "GET",
        url: `/_fauxqs/queues/${encodeURIComponent(queueName)}`,
      });
      return answer.statusCode === 200 ? (answer.json() as InspectedQueue) : undefined;
    },
    deadLetterQueueOf: async (queueName) => {
      const answer = await app.inject({
        method: "POST",
        url: "/",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "AmazonSQS.GetQueueAttributes",
        },
        payload: JSON.stringify({
          QueueUrl: `${fauxqsOrigin()}/${SQS_ACCOUNT}/${queueName}`,
          AttributeNames: ["RedrivePolicy"],
        }),
      });
      if (answer.statusCode !== 200) return undefined;
      const policy = (answer.json() as { Attributes?: { RedrivePolicy?: string } }).Attributes?.RedrivePolicy;
      if (policy === undefined) return undefined;
      // arn:aws:sqs:<region>:<account>:<name>
      const arn = (JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
      return typeof arn === "string" ? arn.split(":").at(-1) : undefined;
    },
    log: options.log,
  });
  const receives = new WeakMap<object, PendingReceive>();
  /** Set by `stop()`: a receive still answering then needs no dead letters stamped (nor can it inspect). */
  let closing = false;
  app.addHook("preHandler", async (request: FauxqsRequest) => {
    if (closing) return;
    const action = actionOf(request);
    if (action === "CreateQueue" || action === "DeleteQueue" || action === "SetQueueAttributes") {
      ages.forgetRedrivePolicies();
    }
    const queueName = action === "ReceiveMessage" ? queueNameIn(request.body) : undefined;
    const pending = queueName === undefined ? undefined : await ages.beforeReceive(queueName);
    if (pending !== undefined) receives.set(request, pending);
  });
  app.addHook("onSend", async (request: FauxqsRequest, _reply: unknown, payload: unknown) => {
    const pending = receives.get(request);
    if (pending !== undefined && !closing) await ages.afterReceive(pending);
    return payload;
  });
  const address = await app.listen({ port: options.port, host: "127.0.0.1" });
  port = Number(new URL(address).port);
  const clientConfig = { region: options.region, endpoint: publicOrigin() };
  const client = new SQSClient({
    ...clientConfig,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const callerClients = new Map<string, SQSClient>();
  moveTasks = createMoveTasks({
    client,
    clientAs: (accessKeyId) => {
      if (accessKeyId === undefined) return client;
      let found = callerClients.get(accessKeyId);
      if (found === undefined) {
        found = new SQSClient({ ...clientConfig, credentials: { accessKeyId, secretAccessKey: "local" } });
        callerClients.set(accessKeyId, found);
      }
      return found;
    },
    // arn:aws:sqs:<region>:<account>:<name>
    queueUrlOf: (arn) => {
      const [, , , , account, name] = arn.split(":");
      return `${publicOrigin()}/${account}/${name}`;
    },
    log: options.log,
  });
  const tasks = moveTasks;
  return {
    url: publicOrigin(),
    queueUrl: (queueName) => `${publicOrigin()}/${SQS_ACCOUNT}/${queueName}`,
    oldestMessageAt: (queueName) => ages.oldestMessageAt(queueName),
    async stop() {
      closing = true;
      await tasks.stop();
      client.destroy();
      for (const callerClient of callerClients.values()) callerClient.destroy();
      await app.close();
    },
  };
}

/**
 * Creates each declared queue and, for a queue with `maxReceiveCount`, its `-dlq` with the redrive
 * policy AWS would hold: after that many receives a message moves to the DLQ. The DLQ keeps messages
 * for the maximum (14 days).
 */
export async function ensureQueues(
  config: SQSClientConfig,
  queues: readonly QueueDeclaration[],
  nameOf: (declared: string) => string,
  log: Log,
): Promise<void> {
  const client = new SQSClient(config);
  try {
    for (const queue of queues) {
      const attributes: Record<string, string> = {
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds ?? 60),
        MessageRetentionPeriod: String(queue.retentionSeconds ?? 345_600),
      };
      if (queue.maxReceiveCount !== undefined) {
        const dlq = await client.send(
          new CreateQueueCommand({
            QueueName: nameOf(deadLetterQueueName(queue.name)),
            Attributes: { MessageRetentionPeriod: "1209600" },
          }),
        );
        const dlqAttributes = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }),
        );
        attributes.RedrivePolicy = JSON.stringify({
          deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn,
          maxReceiveCount: queue.maxReceiveCount,
        });
      }
      const created = await client.send(new CreateQueueCommand({ QueueName: nameOf(queue.name) }));
      await client.send(
        new SetQueueAttributesCommand({ QueueUrl: created.QueueUrl, Attributes: attributes }),
      );
      log("debug", `queue ${nameOf(queue.name)} is ready`);
    }
  } finally {
    client.destroy();
  }
}
