/**
 * The pipeline benchmark's reference: the DynamoDB writes one pipeline job performs, counted by
 * running one job in process with the code the route and the workers run, then replayed by a bare
 * consumer loop (receive up to 10, replay each job's writes, delete the batch) on the same DynamoDB
 * Local and SQS. That loop's throughput is what the pipeline is measured against.
 */

import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import {
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { jobMessage } from "#functions/agents/runner/job-message";
import type { LocalCloud } from "#scripts/local/cloud";
import { createContentEvents } from "#shared/adapters/content-events";
import { createLiveStatusRepository } from "#shared/adapters/dynamodb/agents/live-status-repository";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createAcceptedBrandReader } from "#shared/adapters/dynamodb/brand/brand-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createReviewPolicyRepository } from "#shared/adapters/dynamodb/content/review-policy-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createKnowledgeRepository } from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { createEventPublisher } from "#shared/adapters/events";
import { OFFLINE_EVERYWHERE } from "#shared/adapters/llm/model-config";
import { createModelResolver } from "#shared/adapters/llm/resolve-model";
import { createRunEvents } from "#shared/adapters/run-events";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { CONTENT_EVENT_SOURCE } from "#shared/contracts/content-events";
import { JOB_ATTRIBUTES } from "#shared/contracts/job-definition";
import { processJob } from "#shared/domain/agents/process-job";
import { workerByRole } from "#shared/domain/agents/worker-catalog";
import type { Embedder } from "#shared/domain/knowledge/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { clientConfig, type PhaseResult, ROOT } from "./pipeline-runs.ts";
import { cpuMeter } from "./process-cpu.ts";

/** One DynamoDB write request as the pipeline sent it; a transaction with its item count. */
export type Write =
  | { command: "PutItem" | "UpdateItem" | "DeleteItem" }
  | { command: "TransactWriteItems"; items: number };

/** One job's DynamoDB requests: the writes the reference replays, and the reads, as `BatchGetItem(2)`. */
export interface JobRequests {
  writes: Write[];
  reads: string[];
}

/** Records every request the client sends (the Document client's commands included). */
function recordRequests(client: DynamoDBClient): JobRequests {
  const writes: Write[] = [];
  const reads: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "").replace(/Command$/, "");
      if (command === "GetItem" || command === "Query") reads.push(command);
      else if (command === "BatchGetItem") {
        const requested = (args.input as { RequestItems?: Record<string, { Keys?: unknown[] }> })
          .RequestItems;
        const keys = Object.values(requested ?? {}).reduce((n, table) => n + (table.Keys?.length ?? 0), 0);
        reads.push(`${command}(${keys})`);
      } else if (command === "PutItem" || command === "UpdateItem" || command === "DeleteItem")
        writes.push({ command });
      else if (command === "TransactWriteItems") {
        const items = (args.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
        writes.push({ command, items });
      } else if (command === "BatchWriteItem") {
        throw new Error("the pipeline now batches writes: teach the reference to replay BatchWriteItem");
      }
      return next(args);
    },
    { step: "initialize", name: "benchRecordRequests" },
  );
  return { writes, reads };
}

/** Retrieval stops at the table for a tenant without documents: an embedding here is a fault. */
const unreachable: Embedder = {
  model: "none",
  dimensions: 0,
  embed: () => Promise.reject(new Error("the bench's tenant has no knowledge to embed a query for")),
};

/** The writes of one job, in order, as one line. */
export const describeWrites = (writes: readonly Write[]) =>
  writes.map((w) => (w.command === "TransactWriteItems" ? `Transact(${w.items})` : w.command)).join(" → ");

/**
 * The DynamoDB requests of one job: the route's acceptance of the run, then one delivery of its job
 * through the workers' use case, in process, with a client that records them. The tenant has no
 * knowledge documents, as the bench's tenants never do: retrieval asks the table and stops there.
 */
export async function requestsPerJob(
  cloud: LocalCloud,
  tenantId: TenantId,
  role: string,
  input: unknown,
): Promise<JobRequests> {
  const agent = workerByRole(role);
  if (!agent) throw new Error(`no agent ${role}`);
  const client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const eventBridge = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
  try {
    const requests = recordRequests(client);
    const table = new SingleTable({ client, tableName: cloud.locator.tableName });
    const runs = createRunRepository(table, createCredits(table));
    const correlationId = `bench-count-${randomUUID()}`;
    const { run } = await runs.accept(tenantId, {
      role,
      input,
      price: agent.creditPrice,
      correlationId,
      requestedBy: "bench",
    });
    const models = createModelResolver({ config: OFFLINE_EVERYWHERE, secrets: async () => undefined });
    const outcome = await processJob(
      {
        runs,
        live: createLiveStatusRepository(table),
        brandProfiles: createAcceptedBrandReader(table),
        knowledge: {
          documents: createKnowledgeRepository(table),
          embedder: unreachable,
          chunks: {
            search: () => Promise.reject(new Error("the bench's tenant has no knowledge to search")),
          },
        },
        content: createContentRepository(table),
        policies: createReviewPolicyRepository(table),
        events: createRunEvents(
          createEventPublisher({
            client: eventBridge,
            busName: cloud.locator.eventBusName,
            source: AGENT_EVENT_SOURCE,
          }),
          createContentEvents(
            createEventPublisher({
              client: eventBridge,
              busName: cloud.locator.eventBusName,
              source: CONTENT_EVENT_SOURCE,
            }),
          ),
        ),
        modelFor: (r) => models.modelFor(r),
        workerByRole,
        leaseMs: 60_000,
        logger: new Logger({ serviceName: "bench", logLevel: "WARN" }),
        count: () => undefined,
      },
      jobMessage({
        messageId: randomUUID(),
        body: JSON.stringify({ runId: run.runId, role }),
        attributes: { [JOB_ATTRIBUTES.tenantId]: tenantId, [JOB_ATTRIBUTES.correlationId]: correlationId },
        receiveCount: 1,
      }),
    );
    const finished = await runs.get(tenantId, run.runId);
    if (outcome.kind !== "done" || finished?.status !== "succeeded") {
      throw new Error(
        `the counted run did not succeed: ${finished?.status} ${JSON.stringify(finished?.failure)}`,
      );
    }
    return requests;
  } finally {
    client.destroy();
    eventBridge.destroy();
  }
}

/** Replays one job's writes, one request after another, on keys of its own. */
async function replayWrites(
  client: DynamoDBClient,
  tableName: string,
  job: string,
  writes: readonly Write[],
) {
  const payload = { S: "x".repeat(200) };
  const key = (sk: string) => ({ pk: { S: `BENCHREF#${job}` }, sk: { S: sk } });
  for (const [i, write] of writes.entries()) {
    switch (write.command) {
      case "PutItem":
      case "DeleteItem":
        await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key(`w${i}`), payload } }));
        break;
      case "UpdateItem":
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(`w${i}`),
            UpdateExpression: "SET payload = :p ADD n :one",
            ExpressionAttributeValues: { ":p": payload, ":one": { N: "1" } },
          }),
        );
        break;
      case "TransactWriteItems":
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: Array.from({ length: write.items }, (_, j) => ({
              Put: { TableName: tableName, Item: { ...key(`w${i}.${j}`), payload } },
            })),
          }),
        );
        break;
    }
  }
}

/** Runs the reference on `writes`, unmeasured, for `jobs` jobs. */
export async function warmDynamoDb(cloud: LocalCloud, writes: readonly Write[], jobs: number): Promise<void> {
  for (let done = 0; done < jobs; done += 500) {
    await reference(cloud, writes, Math.min(500, jobs - done));
  }
}

/** The bare consumer loop: receive up to 10, replay each job's writes, delete the batch. */
export async function reference(
  cloud: LocalCloud,
  writes: readonly Write[],
  count: number,
): Promise<PhaseResult> {
  const sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  const dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-reference-${Date.now()}` }));
  if (!QueueUrl) throw new Error("CreateQueue answered no QueueUrl");
  try {
    for (let i = 0; i < count; i += 10) {
      const entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({
        Id: String(j),
        MessageBody: JSON.stringify({ job: i + j }),
      }));
      const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
      if (sent.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(sent.Failed)}`);
    }
    const latencies: number[] = [];
    let processed = 0;
    const meter = cpuMeter(ROOT);
    const started = performance.now();
    while (processed < count) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages) {
        const t = performance.now();
        await replayWrites(dynamodb, cloud.locator.tableName, message.MessageId ?? randomUUID(), writes);
        latencies.push(performance.now() - t);
      }
      if (Messages.length > 0) {
        const deleted = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        if (deleted.Failed?.length)
          throw new Error(`DeleteMessageBatch failed: ${JSON.stringify(deleted.Failed)}`);
      }
      processed += Messages.length;
    }
    const wallMs = performance.now() - started;
    return {
      name: "ref: bare consumer loop",
      runs: count,
      wallMs,
      cpu: meter.stop(),
      perSecond: (count / wallMs) * 1000,
      latencies: latencies.sort((a, b) => a - b),
    };
  } finally {
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    sqs.destroy();
    dynamodb.destroy();
  }
}
