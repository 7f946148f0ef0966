/**
 * `npm run bench:realtime`: events to WebSockets through the local cloud, as a tenant's portal hears
 * them — `agent.progress` published with the platform's EventBridge adapter onto the local bus, the
 * `realtime-fan-out` rule, the fan-out function reading the tenant's connections from DynamoDB Local
 * and posting to each through the `@connections` API, the local WebSocket gateway to the socket.
 *
 * Setup: `--tenants` (default 50) tenants seeded through the store, `--sockets` (default 10) sockets
 * each, opened with tickets of the tenant's admin through the front door; and, for the reference, one
 * more tenant with a single socket. Then, unmeasured, `--warmup` events (default 100) to each side, so
 * the fan-out's sandboxes have started and DynamoDB Local's JVM has compiled its query path.
 *
 * Measured, in the same run: `--events` events (default 1,000) published with at most `--in-flight`
 * (default 10) `PutEvents` calls outstanding, evenly spaced at `--rate` events per second (default 10), first to the single socket (the reference), then spread
 * over the tenants (round robin). Each event's correlation id names it; a delivery's latency is from
 * just before its `PutEvents` to the socket's message. Every socket must hear each event of its tenant
 * and nothing of another tenant.
 *
 * Target: p99 ≤ 3 × the reference's p99. The command exits non-zero over target, or when any delivery
 * is missing or crosses tenants. Options also read `BENCH_<NAME>` (e.g. `BENCH_EVENTS=200`).
 */
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ulid } from "ulid";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { readSigningKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { clientConfig } from "./pipeline-runs.ts";
import {
  bearerOf,
  eventPublishers,
  inBatchesOf,
  openSocket,
  type Socket,
  ticketFor,
} from "./realtime-client.ts";
import { type Sent, type Tally, tally } from "./realtime-tally.ts";
import { ms, percentile } from "./stats.ts";

/** `--name value` on the command line, else `BENCH_NAME`, else the default. */
function option(name: string, fallback: number, min = 1): number {
  const flag = process.argv.indexOf(`--${name}`);
  const raw =
    flag >= 0 ? process.argv[flag + 1] : process.env[`BENCH_${name.replace(/-/g, "_").toUpperCase()}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, not ${raw}`);
  return value;
}

const EVENTS = option("events", 1000);
const TENANTS = option("tenants", 50);
const SOCKETS = option("sockets", 10);
const WARMUP = option("warmup", 100);
const IN_FLIGHT = option("in-flight", 10);
/**
 * Events per second offered, evenly spaced (still at most `--in-flight` outstanding); 0 publishes as
 * fast as the bus accepts them. Paced below the fan-out's throughput, a latency is the path's own;
 * at full speed it is mostly the wait behind earlier events, so the p99 tracks the local machine's
 * throughput (see docs/benchmarks.md). The default is paced: the target is about latency.
 */
const RATE = option("rate", 10, 0);
/** Handshakes opened at once: each runs the ticket authorizer and the `$connect` function. */
const OPENING = 8;
/** Longest a phase waits for its last delivery before counting the rest as missing. */
const DELIVERY_TIMEOUT_MS = 180_000;
const TARGET = 3;

/** A tenant of the benchmark and the sockets its admin opened. */
interface Audience {
  tenantId: TenantId;
  sockets: Socket[];
}

/** What one measured phase published and heard. */
interface PhaseResult {
  name: string;
  audiences: Audience[];
  events: number;
  tally: Tally;
  /** Events ÷ (last `PutEvents` answer − first call): the rate the bus accepted them. */
  publishedPerSecond: number;
}

/** Seeds `count` tenants through the store and opens `sockets` sockets for each one's admin. */
async function audiences(
  cloud: LocalCloud,
  keys: SigningKeySet,
  table: SingleTable,
  count: number,
  sockets: number,
): Promise<Audience[]> {
  const store = createIdentityRepositories(table);
  const admins = await inBatchesOf([...Array(count).keys()], 10, (i) =>
    store.tenants.register({
      tenantName: `Realtime bench ${i}`,
      name: "Owner",
      email: `owner.${ulid().toLowerCase()}@example.com`,
      passwordHash: "x",
    }),
  );
  const result = admins.map(({ tenantId }) => ({ tenantId, sockets: [] as Socket[] }));
  const opens = result.flatMap((audience, i) =>
    [...Array(sockets).keys()].map(() => async () => {
      const admin = admins[i];
      if (!admin) throw new Error(`no admin for tenant ${i}`);
      const bearer = bearerOf(cloud, keys, { userId: admin.userId, role: "admin", tenantId: admin.tenantId });
      audience.sockets.push(await openSocket(cloud, await ticketFor(cloud, bearer)));
    }),
  );
  await inBatchesOf(opens, OPENING, (open) => open());
  return result;
}

/** Runs `work` for 0 … count−1 with at most `limit` calls outstanding (a pool, not batches). */
async function pooled(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all([...Array(Math.min(limit, count)).keys()].map(worker));
}

/**
 * Publishes `count` events round robin over the audiences' tenants and waits until every socket has
 * heard its tenant's events (or the timeout), then until the fan-out is idle, so the tally is final.
 */
async function publish(
  cloud: LocalCloud,
  events: ReturnType<typeof eventPublishers>,
  name: string,
  targets: Audience[],
  count: number,
): Promise<PhaseResult> {
  console.error(`${name}: publishing ${count} events to ${targets.length} tenants…`);
  const sockets = targets.flatMap((a) => a.sockets);
  for (const s of sockets) {
    s.messages.splice(0);
    s.arrivals.splice(0);
  }
  const sent = new Map<string, Sent>();
  const prefix = `bench-${name}-${ulid()}`;
  const started = performance.now();
  await pooled(count, IN_FLIGHT, async (i) => {
    const { tenantId } = targets[i % targets.length] as Audience;
    const due = started + (RATE > 0 ? (i * 1000) / RATE : 0);
    if (due > performance.now()) await sleep(due - performance.now());
    const correlationId = `${prefix}-${i}`;
    sent.set(correlationId, { tenantId, at: performance.now() });
    await events.progress(tenantId, ulid(), correlationId);
  });
  const publishedPerSecond = count / ((performance.now() - started) / 1000);
  const expected = (tenantId: TenantId) =>
    Math.ceil((count - targets.findIndex((a) => a.tenantId === tenantId)) / targets.length);
  const waits = targets.flatMap((a) =>
    a.sockets.map((s) => s.received(expected(a.tenantId), DELIVERY_TIMEOUT_MS)),
  );
  const outcomes = await Promise.allSettled(waits);
  const late = outcomes.filter((o) => o.status === "rejected").length;
  if (late > 0)
    console.error(`${name}: ${late} sockets still short of their events after ${DELIVERY_TIMEOUT_MS} ms`);
  await cloud.eventRules.idle();
  const heard = targets.flatMap((a) =>
    a.sockets.map((s) => ({ tenantId: a.tenantId as string, messages: s.messages, arrivals: s.arrivals })),
  );
  return { name, audiences: targets, events: count, tally: tally(sent, heard), publishedPerSecond };
}

function row(r: PhaseResult): string {
  const t = r.tally;
  const l = t.latencies;
  const sockets = r.audiences.reduce((n, a) => n + a.sockets.length, 0);
  return `| ${r.name} | ${r.audiences.length} | ${sockets} | ${r.events} | ${r.publishedPerSecond.toFixed(0)}/s | ${l.length} | ${(l.length / (t.spanMs / 1000)).toFixed(0)}/s | ${ms(percentile(l, 0.5))} | ${ms(percentile(l, 0.95))} | ${ms(percentile(l, 0.99))} | ${ms(l[l.length - 1] ?? Number.NaN)} | ${t.missing} | ${t.crossTenant} | ${t.duplicates} |`;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const cloudStarted = performance.now();
  const cloud = await startLocalCloud({
    log: consoleLog("warn"),
    functionLogLevel: "WARN",
    containerScaling: false,
  });
  const startupMs = performance.now() - cloudStarted;
  const secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  const dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const events = eventPublishers(cloud);
  const all: Socket[] = [];
  const results: PhaseResult[] = [];
  let setupMs = 0;
  try {
    const keys = await readSigningKeys(sdkSecretReader(secrets), cloud.locator.secretId("signing-keys"));
    const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
    const settingUp = performance.now();
    console.error(`Seeding ${TENANTS + 1} tenants and opening ${TENANTS * SOCKETS + 1} sockets…`);
    const single = await audiences(cloud, keys, table, 1, 1);
    const many = await audiences(cloud, keys, table, TENANTS, SOCKETS);
    setupMs = performance.now() - settingUp;
    all.push(...[...single, ...many].flatMap((a) => a.sockets));
    // Unmeasured: starts the fan-out's sandboxes (as many as the publish keeps busy) and warms the
    // connection query and the @connections path before either side is measured.
    for (const side of [single, many]) await publish(cloud, events, "warm-up", side, WARMUP);
    results.push(await publish(cloud, events, "ref: 1 socket", single, EVENTS));
    results.push(await publish(cloud, events, `${TENANTS} tenants`, many, EVENTS));
  } finally {
    // Dropped, not closed one by one: the cloud stops next, and the records expire with their TTL.
    for (const s of all) s.ws.terminate();
    events.destroy();
    secrets.destroy();
    dynamodb.destroy();
    await cloud.stop();
  }

  const [ref, measured] = results as [PhaseResult, PhaseResult];
  console.log(
    `Realtime: local cloud, ${EVENTS} agent.progress events per phase, ${RATE > 0 ? `offered at ${RATE}/s, ` : ""}at most ${IN_FLIGHT} PutEvents in flight (node ${process.version}, ${process.arch}, ${availableParallelism()} cores)`,
  );
  console.log(
    `Local cloud up in ${(startupMs / 1000).toFixed(1)} s; ${TENANTS + 1} tenants seeded and ${all.length} sockets opened in ${(setupMs / 1000).toFixed(1)} s; warm-up ${WARMUP} events per side, unmeasured.`,
  );
  console.log("");
  console.log(
    "| phase | tenants | sockets | events | published | deliveries | deliveries/s | p50 | p95 | p99 | max | missing | cross-tenant | duplicates |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  console.log(row(measured));
  console.log(row(ref));
  console.log("");
  console.log("Latency: from just before PutEvents to the socket's message, per delivery.");
  const ratio = percentile(measured.tally.latencies, 0.99) / percentile(ref.tally.latencies, 0.99);
  const over = !(ratio <= TARGET);
  console.log(`p99 ÷ reference p99: ${ratio.toFixed(2)} (target ≤ ${TARGET}: ${over ? "OVER" : "ok"})`);
  const wrong = results.flatMap((r) => {
    const t = r.tally;
    return [
      t.missing > 0 ? `${r.name}: ${t.missing} deliveries missing` : "",
      t.crossTenant > 0 ? `${r.name}: ${t.crossTenant} deliveries to another tenant's socket` : "",
      t.unexpected > 0 ? `${r.name}: ${t.unexpected} messages that were not published events` : "",
    ].filter(Boolean);
  });
  for (const line of wrong) console.error(line);
  if (over)
    console.error(`\nOver target: p99 is ${ratio.toFixed(2)} × the single-socket reference's (≤ ${TARGET}).`);
  if (over || wrong.length > 0) process.exitCode = 1;
}

await main();
