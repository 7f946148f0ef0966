/**
 * `npm run bench:pipeline`: the agent job pipeline end to end on the local cloud, offline model.
 *
 * First DynamoDB Local's JVM is warmed with `BENCH_DB_WARMUP` (default 2000) jobs of the reference,
 * unmeasured. Then, for each agent measured (default: `social-post-writer`, a Lambda consumer, and
 * `blog-writer`, a Fargate consumer), through the gateway as a tenant would:
 *   1. warm-up: runs posted at once, unmeasured (`BENCH_WARMUP`, default 60: every sandbox and
 *      task the burst needs starts), and the reference's own warm-up;
 *   2. rounds (`BENCH_ROUNDS`, default 3) of: the reference, then a burst of N runs
 *      (`BENCH_RUNS`, default 200) posted at once — alternated, so machine noise moves both;
 *   3. steady: N runs posted at an even rate of half the burst's median throughput.
 * Each run's latency is from its 202 to its `agent.completed` on the bus (the local EventBridge calls
 * back as it accepts the event); throughput is runs ÷ (last `agent.completed` − first request).
 *
 * The reference, measured in the same run on the same DynamoDB Local and local SQS: a bare consumer
 * loop — receive up to 10, per job perform the DynamoDB writes one pipeline job performs (the same
 * requests, transactions with as many items), delete the batch — and nothing else. The writes are
 * counted, not assumed: one run is accepted and processed in process with the code the route and the
 * workers run, through a DynamoDB client that records every write request. The reference's queue is
 * filled before its clock starts, which favours the reference.
 *
 * Target: median burst throughput ÷ median reference throughput ≥ 0.5 for every agent measured;
 * the command exits non-zero when one is under. It also prints each process's CPU per run during the
 * bursts and references (DynamoDB Local, sandboxes by function, tasks, this process).
 */
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
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
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createBrandProfileRepository } from "#shared/adapters/dynamodb/agents/brand-profile-repository";
import { createLiveStatusRepository } from "#shared/adapters/dynamodb/agents/live-status-repository";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { SingleTable } from "#shared/adapters/dynamodb/single-table";
import { createEventPublisher } from "#shared/adapters/events";
import { OFFLINE_EVERYWHERE } from "#shared/adapters/llm/model-config";
import { createModelResolver } from "#shared/adapters/llm/resolve-model";
import { createRunEvents } from "#shared/adapters/run-events";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { JOB_ATTRIBUTES } from "#shared/contracts/job-definition";
import { agentByRole } from "#shared/domain/agents/catalog";
import { processJob } from "#shared/domain/agents/process-job";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { AGENT_WORKER_DEFAULTS } from "#shared/platform/declaration/agent-workers";
import { addCpu, type CpuByGroup, cpuMeter } from "./process-cpu.ts";
import { median, ms, percentile } from "./stats.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
/** Posted at once before measuring, so every sandbox and task the burst needs has started. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? Math.min(60, RUNS));
/**
 * Jobs of the reference run first, unmeasured, to warm DynamoDB Local: its JVM compiles its hot paths
 * over the first thousand or so jobs, during which the same writes cost it three times the CPU.
 * Measured on a cold JVM, every figure depends on how warm it happens to be.
 */
const DB_WARMUP = Number(process.env.BENCH_DB_WARMUP ?? 2000);
/** Bursts and references measured, alternately; the figures are their medians. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The steady phase offers this fraction of the burst's throughput. */
const STEADY_FRACTION = 0.5;
const TARGET_RATIO = 0.5;
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Longest a phase may take before the benchmark gives up on it. */
const PHASE_TIMEOUT_MS = 10 * 60_000;

/** Inputs of the agents the benchmark can drive: always-new agents, so every request is a new run. */
const INPUTS: Record<string, (i: number) => unknown> = {
  "social-post-writer": (i) => ({
    message: `Spring offer ${i}: two lessons for the price of one, this week only`,
    networks: ["x", "linkedin", "facebook"],
  }),
  "blog-writer": (i) => ({
    topic: `Five stretches for desk workers, part ${i}`,
    keywords: ["desk stretches", "office yoga"],
    length: "medium",
  }),
};
const AGENTS_MEASURED = (process.env.BENCH_AGENTS ?? Object.keys(INPUTS).join(","))
  .split(",")
  .map((role) => role.trim())
  .filter(Boolean);

/** One DynamoDB write request as the pipeline sent it; a transaction with its item count. */
type Write =
  | { command: "PutItem" | "UpdateItem" | "DeleteItem" }
  | { command: "TransactWriteItems"; items: number };

interface PhaseResult {
  name: string;
  runs: number;
  /** Wall time of the measured phase (of several rounds, their sum). */
  wallMs: number;
  /** CPU spent during the measured phase, by process group (of several rounds, their sum). */
  cpu: CpuByGroup;
  /** Throughput; of several rounds, the median. */
  perSecond: number;
  /** Of several rounds: the slowest and fastest round's throughput. */
  range?: [number, number];
  /** Runs ÷ (last 202 − first request): what the API alone sustained. */
  acceptedPerSecond?: number;
  latencies: number[];
  offeredPerSecond?: number;
}

interface Finished {
  at: number;
  type: "agent.completed" | "agent.failed";
  reason?: string;
}

function clientConfig(cloud: LocalCloud, endpoint: string) {
  return { region: cloud.region, endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" } };
}

/** Records every write request the client sends (the Document client's commands included). */
function recordWrites(client: DynamoDBClient): Write[] {
  const writes: Write[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "").replace(/Command$/, "");
      if (command === "PutItem" || command === "UpdateItem" || command === "DeleteItem")
        writes.push({ command });
      else if (command === "TransactWriteItems") {
        const items = (args.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
        writes.push({ command, items });
      } else if (command === "BatchWriteItem") {
        throw new Error("the pipeline now batches writes: teach the reference to replay BatchWriteItem");
      }
      return next(args);
    },
    { step: "initialize", name: "benchRecordWrites" },
  );
  return writes;
}

const describeWrites = (writes: readonly Write[]) =>
  writes.map((w) => (w.command === "TransactWriteItems" ? `Transact(${w.items})` : w.command)).join(" → ");

/**
 * The DynamoDB writes of one job: the route's acceptance of the run, then one delivery of its job
 * through the workers' use case, in process, with a client that records them.
 */
async function writesPerJob(cloud: LocalCloud, tenantId: TenantId, role: string): Promise<Write[]> {
  const agent = agentByRole(role);
  if (!agent) throw new Error(`no agent ${role}`);
  const client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const eventBridge = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
  try {
    const writes = recordWrites(client);
    const table = new SingleTable({ client, tableName: cloud.locator.tableName });
    const runs = createRunRepository(table, createCredits(table));
    const correlationId = `bench-count-${randomUUID()}`;
    const { run } = await runs.accept(tenantId, {
      role,
      input: INPUTS[role]?.(-1),
      price: agent.creditPrice,
      correlationId,
      requestedBy: "bench",
    });
    const models = createModelResolver({ config: OFFLINE_EVERYWHERE, secrets: async () => undefined });
    const outcome = await processJob(
      {
        runs,
        live: createLiveStatusRepository(table),
        brandProfiles: createBrandProfileRepository(table),
        events: createRunEvents(
          createEventPublisher({
            client: eventBridge,
            busName: cloud.locator.eventBusName,
            source: AGENT_EVENT_SOURCE,
          }),
        ),
        modelFor: (r) => models.modelFor(r),
        agentByRole,
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
    return writes;
  } finally {
    client.destroy();
    eventBridge.destroy();
  }
}

async function api<J>(cloud: LocalCloud, method: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: (text ? JSON.parse(text) : undefined) as J };
}

/** A new tenant through the gateway, with credits for every run the benchmark makes. */
async function newTenant(cloud: LocalCloud, credits: number): Promise<{ token: string; tenantId: TenantId }> {
  const registered = await api<{ accessToken: string; user: { tenantId: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/register",
    {
      tenantName: "Bench",
      name: "Bench",
      email: `bench.${randomUUID()}@example.com`,
      password: "correct horse battery staple",
    },
  );
  if (registered.status !== 201)
    throw new Error(`register answered ${registered.status}: ${registered.text}`);
  const tenantId = parseTenantId(registered.json.user.tenantId);
  const client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  try {
    const table = new SingleTable({ client, tableName: cloud.locator.tableName });
    await createCredits(table).grant(tenantId, {
      amount: credits,
      reason: "benchmark",
      actorId: "bench",
      correlationId: "bench",
    });
  } finally {
    client.destroy();
  }
  return { token: registered.json.accessToken, tenantId };
}

/**
 * Posts `count` runs — all at once (`intervalMs` 0) or one every `intervalMs` — and waits for each
 * run's final event. Any run that fails, or a request that is not accepted, fails the benchmark.
 */
async function phase(
  cloud: LocalCloud,
  finished: ReadonlyMap<string, Finished>,
  options: { name: string; role: string; token: string; count: number; intervalMs: number; offset: number },
): Promise<PhaseResult> {
  const input = INPUTS[options.role];
  if (!input) throw new Error(`no benchmark input for ${options.role}`);
  const accepted: { runId: string; at: number }[] = [];
  const meter = cpuMeter(ROOT);
  const started = performance.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < options.count; i++) {
    if (options.intervalMs > 0) {
      const wait = started + i * options.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    posts.push(
      api<{ runId: string }>(
        cloud,
        "POST",
        `/api/tenant/v1/agents/${options.role}/runs`,
        { input: input(options.offset + i) },
        options.token,
      ).then((answer) => {
        if (answer.status !== 202)
          throw new Error(`a run was not accepted (${answer.status}): ${answer.text}`);
        accepted.push({ runId: answer.json.runId, at: performance.now() });
      }),
    );
  }
  await Promise.all(posts);
  const deadline = performance.now() + PHASE_TIMEOUT_MS;
  while (accepted.some((run) => !finished.has(run.runId))) {
    if (performance.now() > deadline) {
      const open = accepted.filter((run) => !finished.has(run.runId)).length;
      throw new Error(`${options.name}: ${open} of ${options.count} runs did not finish in time`);
    }
    await sleep(25);
  }
  const cpu = meter.stop();
  const outcomes = accepted.map((run) => ({ run, end: finished.get(run.runId) as Finished }));
  const failed = outcomes.find((o) => o.end.type !== "agent.completed");
  if (failed) throw new Error(`${options.name}: run ${failed.run.runId} failed: ${failed.end.reason}`);
  const last = Math.max(...outcomes.map((o) => o.end.at));
  const lastAccepted = Math.max(...accepted.map((run) => run.at));
  return {
    name: options.name,
    runs: options.count,
    wallMs: last - started,
    cpu,
    perSecond: (options.count / (last - started)) * 1000,
    acceptedPerSecond: (options.count / (lastAccepted - started)) * 1000,
    latencies: outcomes.map((o) => o.end.at - o.run.at).sort((a, b) => a - b),
    ...(options.intervalMs > 0 ? { offeredPerSecond: 1000 / options.intervalMs } : {}),
  };
}

/** Rounds of one phase as one row: median throughputs, the rounds' range, every latency. */
function combine(name: string, rounds: readonly PhaseResult[]): PhaseResult {
  const throughputs = rounds.map((r) => r.perSecond);
  const accepted = rounds.flatMap((r) => (r.acceptedPerSecond === undefined ? [] : [r.acceptedPerSecond]));
  return {
    name,
    runs: rounds.reduce((n, r) => n + r.runs, 0),
    wallMs: rounds.reduce((n, r) => n + r.wallMs, 0),
    cpu: rounds.reduce((total, r) => addCpu(total, r.cpu), new Map() as CpuByGroup),
    perSecond: median(throughputs),
    range: [Math.min(...throughputs), Math.max(...throughputs)],
    ...(accepted.length > 0 ? { acceptedPerSecond: median(accepted) } : {}),
    latencies: rounds.flatMap((r) => r.latencies).sort((a, b) => a - b),
  };
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

/** Runs the reference on `writes`, unmeasured, for `DB_WARMUP` jobs. */
async function warmDynamoDb(cloud: LocalCloud, writes: readonly Write[]): Promise<void> {
  for (let done = 0; done < DB_WARMUP; done += 500) {
    await reference(cloud, writes, Math.min(500, DB_WARMUP - done));
  }
}

/** The bare consumer loop: receive up to 10, replay each job's writes, delete the batch. */
async function reference(cloud: LocalCloud, writes: readonly Write[], count: number): Promise<PhaseResult> {
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

/**
 * CPU per run of each measured phase by process group, and how busy the machine's cores were: where
 * the time of a burst goes, and whether it was bound by CPU or by waiting.
 */
function printCpu(results: readonly PhaseResult[]): void {
  const measured = results.filter((r) => r.cpu.size > 0 && r.name !== "steady");
  if (measured.length === 0) return;
  const groups = [...new Set(measured.flatMap((r) => [...r.cpu.keys()]))].sort(
    (a, b) => (measured[0]?.cpu.get(b) ?? 0) - (measured[0]?.cpu.get(a) ?? 0),
  );
  console.log("");
  console.log(`CPU per run by process (ms; ${availableParallelism()} cores):`);
  console.log("");
  console.log(`| process | ${measured.map((r) => r.name).join(" | ")} |`);
  console.log(`|---|${measured.map(() => "---:").join("|")}|`);
  const perRun = (r: PhaseResult, msSpent: number) => (msSpent / r.runs).toFixed(1);
  for (const group of groups) {
    console.log(`| ${group} | ${measured.map((r) => perRun(r, r.cpu.get(group) ?? 0)).join(" | ")} |`);
  }
  const total = (r: PhaseResult) => [...r.cpu.values()].reduce((a, b) => a + b, 0);
  console.log(`| **all** | ${measured.map((r) => `**${perRun(r, total(r))}**`).join(" | ")} |`);
  console.log(
    `| cores busy | ${measured.map((r) => `${((total(r) / r.wallMs / availableParallelism()) * 100).toFixed(0)} %`).join(" | ")} |`,
  );
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  for (const role of AGENTS_MEASURED) {
    if (!INPUTS[role])
      throw new Error(`BENCH_AGENTS: the benchmark drives ${Object.keys(INPUTS).join(", ")}`);
  }
  const cloudStarted = performance.now();
  // Services stay at their minimum (one task): scaling on a 10 s timer would make rounds unlike.
  const cloud = await startLocalCloud({
    log: consoleLog("warn"),
    functionLogLevel: "WARN",
    containerScaling: false,
  });
  const startupMs = performance.now() - cloudStarted;
  const finished = new Map<string, Finished>();
  let dbWarmupMs = 0;
  const unsubscribe = cloud.onEvent(({ event }) => {
    const type = event["detail-type"];
    if (type !== "agent.completed" && type !== "agent.failed") return;
    const data = (event.detail as { data?: { runId?: string; reason?: string } }).data;
    if (data?.runId) finished.set(data.runId, { at: performance.now(), type, reason: data.reason });
  });
  const rows: { role: string; consumer: string; writes: Write[]; results: PhaseResult[]; ratio: number }[] =
    [];
  try {
    for (const role of AGENTS_MEASURED) {
      const agent = agentByRole(role);
      if (!agent) throw new Error(`no agent ${role}`);
      const credits = (WARMUP + (ROUNDS + 1) * RUNS + 1) * agent.creditPrice;
      const { token, tenantId } = await newTenant(cloud, credits);
      const writes = await writesPerJob(cloud, tenantId, role);
      if (rows.length === 0) {
        const warming = performance.now();
        await warmDynamoDb(cloud, writes);
        dbWarmupMs = performance.now() - warming;
      }
      const base = { role, token };
      await phase(cloud, finished, { ...base, name: "warm-up", count: WARMUP, intervalMs: 0, offset: 0 });
      await reference(cloud, writes, WARMUP);
      // Rounds of reference then burst, on services in the same state: machine noise moves both.
      const refs: PhaseResult[] = [];
      const bursts: PhaseResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        refs.push(await reference(cloud, writes, RUNS));
        bursts.push(
          await phase(cloud, finished, {
            ...base,
            name: "burst",
            count: RUNS,
            intervalMs: 0,
            offset: WARMUP + round * RUNS,
          }),
        );
      }
      const burst = combine("burst", bursts);
      const ref = combine("ref: bare consumer loop", refs);
      const steady = await phase(cloud, finished, {
        ...base,
        name: "steady",
        count: RUNS,
        intervalMs: 1000 / (burst.perSecond * STEADY_FRACTION),
        offset: WARMUP + ROUNDS * RUNS,
      });
      rows.push({
        role,
        consumer: agent.profile === "long" ? "Fargate" : "Lambda",
        writes,
        results: [burst, steady, ref],
        ratio: burst.perSecond / ref.perSecond,
      });
    }
  } finally {
    unsubscribe();
    await cloud.stop();
  }

  const d = AGENT_WORKER_DEFAULTS;
  console.log(
    `Pipeline: local cloud, offline model, ${RUNS} runs per phase, bursts and references in ${ROUNDS} rounds (node ${process.version}, ${process.arch}, ${availableParallelism()} cores)`,
  );
  console.log(
    `Consumers as declared: Lambda batch ${d.batchSize}, window ${d.maxBatchingWindowSeconds} s, max concurrency ${d.maxConcurrency}; Fargate ${d.containerConcurrency} jobs per task. Local cloud up in ${(startupMs / 1000).toFixed(1)} s; DynamoDB Local warmed with ${DB_WARMUP} reference jobs in ${(dbWarmupMs / 1000).toFixed(1)} s.`,
  );
  let under = false;
  for (const row of rows) {
    const writeItems = row.writes.reduce((n, w) => n + (w.command === "TransactWriteItems" ? w.items : 1), 0);
    console.log("");
    console.log(`### ${row.role} (${row.consumer} consumer)`);
    console.log("");
    console.log(
      `DynamoDB writes per job: ${row.writes.length} requests, ${writeItems} items (${describeWrites(row.writes)})`,
    );
    console.log("");
    console.log("| phase | runs | offered | accepted | throughput | rounds | p50 | p95 | p99 | max |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of row.results) {
      const l = r.latencies;
      const offered = r.offeredPerSecond === undefined ? "all at once" : `${r.offeredPerSecond.toFixed(1)}/s`;
      const offer = r.name.startsWith("ref") ? "queue full" : offered;
      console.log(
        `| ${r.name} | ${r.runs} | ${offer} | ${r.acceptedPerSecond === undefined ? "" : `${r.acceptedPerSecond.toFixed(1)}/s`} | ${r.perSecond.toFixed(1)}/s | ${r.range ? `${r.range[0].toFixed(1)}–${r.range[1].toFixed(1)}` : ""} | ${ms(percentile(l, 0.5))} | ${ms(percentile(l, 0.95))} | ${ms(percentile(l, 0.99))} | ${ms(l[l.length - 1] ?? Number.NaN)} |`,
      );
    }
    const verdict = row.ratio >= TARGET_RATIO ? "ok" : "UNDER";
    if (verdict === "UNDER") under = true;
    console.log("");
    console.log(
      `Burst throughput ÷ reference throughput (medians): ${row.ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${verdict})`,
    );
    printCpu(row.results);
  }
  console.log("");
  console.log(
    "Pipeline latency: from the 202 to agent.completed. Reference latency: one job's writes (no queue wait).",
  );
  if (under) {
    console.error(
      `\nUnder target: a pipeline's burst throughput is below ${TARGET_RATIO} × the reference's.`,
    );
    process.exitCode = 1;
  }
}

await main();
