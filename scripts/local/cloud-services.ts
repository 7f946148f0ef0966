/**
 * The services of the local cloud as entries of its registry (`service-registry.ts`), in the order
 * they start: DynamoDB Local (then the declared table), SQS (then the declared queues), EventBridge,
 * Secrets Manager, CloudWatch, the Lambda runtime, the HTTP API behind its front door, the event
 * rules and schedules, and the queue consumers. Each service that listens has its port reserved
 * here, before anything starts, so its URL and SDK variable are known at once and stay the same
 * across a restart.
 */
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import type { AwsCallLog } from "./aws-calls.ts";
import type { RunningServer } from "./aws-json-server.ts";
import type { LocalCloud } from "./cloud.ts";
import { startCloudWatch } from "./cloudwatch.ts";
import type { LocalConsumers } from "./consumers.ts";
import { ensureTable, type RunningDynamoDb, startDynamoDbLocal } from "./dynamodb.ts";
import type { EventTargets } from "./event-rules.ts";
import type { LocalEventBridge } from "./eventbridge.ts";
import { startEdge } from "./gateway/edge.ts";
import { type GatewayOptions, startGateway } from "./gateway/gateway.ts";
import type { LambdaRuntime } from "./lambda-runtime.ts";
import type { Log } from "./log.ts";
import { freePort } from "./net.ts";
import { type LocalSecret, startSecretsManager } from "./secrets-manager.ts";
import type { RunningService, ServiceEntries, ServiceEntry } from "./service-registry.ts";
import { ensureQueues, type RunningSqs, startSqs } from "./sqs.ts";

/** The running services of the local cloud, by their name in the registry. */
export interface CloudServices {
  dynamodb: RunningDynamoDb;
  sqs: RunningSqs;
  eventbridge: RunningService;
  secretsManager: RunningServer;
  cloudwatch: RunningServer;
  lambda: RunningService;
  api: RunningService;
  eventTargets: RunningService;
  consumers: LocalConsumers;
}

/** What the services are built from. The parts built after the registry are reached through functions. */
export interface CloudServicesContext {
  declaration: PlatformDeclaration;
  region: string;
  account: string;
  /** Dummy credentials of the cloud's own SDK clients, with the region. */
  clientConfig: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** Declared name → deployed name. */
  nameOf(name: string): string;
  /** Where DynamoDB's files persist; absent → in memory. */
  dataDir: string | undefined;
  /** Where each AWS call of a function is recorded. */
  calls: AwsCallLog;
  eventBridge: LocalEventBridge;
  secrets: LocalSecret[];
  /** Called as a secret gets a new value (to persist it). */
  onPutSecret(secret: LocalSecret): Promise<void>;
  /** Port of the front door. @default any free port */
  apiPort: number | undefined;
  /** The gateway's settings, serving on `port`. */
  gateway(port: number): GatewayOptions;
  /** The origin header's value the front door sends, resolved as it starts. */
  originSecret(): string;
  /** The SQS running now, if any. */
  sqs(): RunningSqs | undefined;
  runtime(): LambdaRuntime;
  eventTargets(): EventTargets;
  /** Starts the queue consumers; `undefined` runs none. */
  startConsumers: ((sqsEndpoint: string) => Promise<LocalConsumers>) | undefined;
  log: Log;
}

const urlOf = (port: number) => `http://127.0.0.1:${port}`;

/** The registry's entries, in the order they start; reserves the ports of those that listen. */
export async function cloudServices(context: CloudServicesContext): Promise<ServiceEntries<CloudServices>[]> {
  const { declaration, region, account, clientConfig, calls, log } = context;
  const port = {
    dynamodb: await freePort(),
    sqs: await freePort(),
    eventbridge: await freePort(),
    secretsManager: await freePort(),
    cloudwatch: await freePort(),
    api: context.apiPort || (await freePort()),
    origin: await freePort(),
  };
  const url = Object.fromEntries(Object.entries(port).map(([name, p]) => [name, urlOf(p)])) as Record<
    keyof typeof port,
    string
  >;

  /** An AWS service on its reserved port: it adds its URL, under its name, and the SDK's variable for it. */
  const endpoint = <N extends keyof typeof port, R extends RunningService>(
    name: N,
    sdkName: string,
    start: (port: number) => Promise<R>,
    prepare?: (endpoint: string) => Promise<void>,
  ): ServiceEntry<N, R> => ({
    name,
    urls: { [name]: url[name] },
    env: { [`AWS_ENDPOINT_URL_${sdkName}`]: url[name] },
    start: () => start(port[name]),
    ...(prepare && { prepare: () => prepare(url[name]) }),
  });

  const dynamodb = endpoint(
    "dynamodb",
    "DYNAMODB",
    (p) =>
      startDynamoDbLocal({
        port: p,
        dataDir: context.dataDir === undefined ? undefined : resolve(context.dataDir, "dynamodb"),
        clientConfig,
        log,
        record: { calls, scope: { region, account } },
      }),
    async (endpointUrl) => {
      const client = new DynamoDBClient({ ...clientConfig, endpoint: endpointUrl });
      try {
        await ensureTable(client, context.nameOf(declaration.table.name), declaration.table, log);
      } finally {
        client.destroy();
      }
    },
  );
  const sqs = endpoint(
    "sqs",
    "SQS",
    (p) => startSqs({ port: p, region, log, calls }),
    (endpointUrl) =>
      ensureQueues({ ...clientConfig, endpoint: endpointUrl }, declaration.queues, context.nameOf, log),
  );
  const eventbridge = endpoint("eventbridge", "EVENTBRIDGE", async (p) => {
    await context.eventBridge.start(p);
    return { stop: () => context.eventBridge.stop() };
  });
  const secretsManager = endpoint("secretsManager", "SECRETS_MANAGER", (p) =>
    startSecretsManager({
      port: p,
      region,
      account,
      secrets: context.secrets,
      log,
      calls,
      onPut: (secret) => context.onPutSecret(secret),
    }),
  );
  const cloudwatch = endpoint("cloudwatch", "CLOUDWATCH", (p) =>
    startCloudWatch({
      port: p,
      log,
      calls,
      // Read from the SQS running at the time of the request: none running, no data.
      oldestMessageAt: async (queueName) => context.sqs()?.oldestMessageAt(queueName),
    }),
  );
  /** A part built with the cloud (the runtime, the rules and schedules), started and stopped in its place. */
  const part = <N extends string>(
    name: N,
    built: () => { start(): void; stop(): Promise<void> },
  ): ServiceEntry<N> => ({
    name,
    async start() {
      const it = built();
      it.start();
      return { stop: () => it.stop() };
    },
  });
  // A function's sandbox starts on its first invocation; stopping the runtime kills every sandbox.
  const lambda = part("lambda", context.runtime);
  const api: ServiceEntry<"api"> = {
    name: "api",
    urls: { api: url.api, origin: url.origin },
    async start() {
      const gateway = await startGateway(context.gateway(port.origin));
      // Restarting the API is the local "deploy of the Web stack": the edge resolves the secret anew.
      const edge = await startEdge({
        port: port.api,
        origin: gateway.url,
        originSecret: context.originSecret(),
        log,
      }).catch(async (error: unknown) => {
        await gateway
          .stop()
          .catch((stopError: unknown) => log("error", "the API origin did not stop", stopError));
        throw error;
      });
      return {
        async stop() {
          const [front, origin] = await Promise.allSettled([edge.stop(), gateway.stop()]);
          const failures = [front, origin].flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
          if (failures.length > 0) throw new AggregateError(failures, "the API did not stop cleanly");
        },
      };
    },
  };
  const eventTargets = part("eventTargets", context.eventTargets);
  const { startConsumers } = context;
  const consumers: ServiceEntry<"consumers", LocalConsumers>[] =
    startConsumers === undefined ? [] : [{ name: "consumers", start: () => startConsumers(url.sqs) }];
  return [dynamodb, sqs, eventbridge, secretsManager, cloudwatch, lambda, api, eventTargets, ...consumers];
}

/** The cloud's URLs, from what its services serve (`ServiceRegistry.urls`); a missing one is a bug here. */
export function cloudUrls(urls: Readonly<Record<string, string>>): LocalCloud["urls"] {
  const url = (name: keyof LocalCloud["urls"]) => {
    const value = urls[name];
    if (value === undefined) throw new Error(`no service serves the URL "${name}"`);
    return value;
  };
  return {
    api: url("api"),
    origin: url("origin"),
    dynamodb: url("dynamodb"),
    sqs: url("sqs"),
    eventbridge: url("eventbridge"),
    secretsManager: url("secretsManager"),
    cloudwatch: url("cloudwatch"),
  };
}
