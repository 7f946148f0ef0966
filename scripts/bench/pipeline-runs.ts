/**
 * The pipeline benchmark's runs, driven through the gateway as a tenant drives them: a tenant with
 * credits, phases of runs posted (at once or at an even rate) and awaited until each one's final event
 * on the bus, and rounds of a phase combined into one row.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { LocalCloud } from "#scripts/local/cloud";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { addCpu, type CpuByGroup, cpuMeter } from "./process-cpu.ts";
import { median } from "./stats.ts";

/** The repository root: the processes below it are the ones whose CPU is measured. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Longest a phase may take before the benchmark gives up on it. */
const PHASE_TIMEOUT_MS = 10 * 60_000;

/** What one phase measured; of several rounds combined, as `combine` says. */
export interface PhaseResult {
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

/** A run's final event on the bus, and when this process saw it. */
export interface Finished {
  at: number;
  type: "agent.completed" | "agent.failed";
  reason?: string;
}

/** SDK client settings that reach one of the cloud's services. */
export function clientConfig(cloud: LocalCloud, endpoint: string) {
  return { region: cloud.region, endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" } };
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
export async function newTenant(
  cloud: LocalCloud,
  credits: number,
): Promise<{ token: string; tenantId: TenantId }> {
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
export async function phase(
  cloud: LocalCloud,
  finished: ReadonlyMap<string, Finished>,
  options: {
    name: string;
    role: string;
    /** The input of the `i`-th run. */
    input: (i: number) => unknown;
    token: string;
    count: number;
    intervalMs: number;
    offset: number;
  },
): Promise<PhaseResult> {
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
        { input: options.input(options.offset + i) },
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
export function combine(name: string, rounds: readonly PhaseResult[]): PhaseResult {
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
