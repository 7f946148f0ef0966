/**
 * The services of the local cloud as entries of its registry (`service-registry.ts`), in the order
 * they start: the X-Ray daemon, DynamoDB Local (then the declared table), SQS (then the declared queues), EventBridge,
 * Secrets Manager, the secrets extension of the Lambda sandboxes, CloudWatch, OpenSearch (when asked for), the Lambda runtime, the WebSocket API (when the declaration has
 * `realtime`), the HTTP API behind its front door (which also fronts the WebSocket API), the event
 * rules and schedules, and the queue consumers. A service that listens takes a free port as it first
 * starts (no other process can take it between choosing and binding) and the same port on a restart,
 * so the URL and SDK variable it exposed stay true.
 */
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { declaredFunctions, secretsCacheTtlSeconds } from "#shared/platform/declaration/functions";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import type { AwsCallLog } from "./aws-calls.ts";
import type { RunningServer } from "./aws-json-server.ts";
import { startCloudWatch } from "./cloudwatch.ts";
import type { LocalConsumers } from "./consumers.ts";
import { ensureTable, type RunningDynamoDb, startDynamoDbLocal } from "./dynamodb.ts";
import type { EventTargets } from "./event-rules.ts";
import type { LocalEventBridge } from "./eventbridge.ts";
import { startEdge } from "./gateway/edge.ts";
import { type GatewayOptions, startGateway } from "./gateway/gateway.ts";
import {
  type RunningWebSocketGateway,
  startWebSocketGateway,
  type WebSocketGatewayOptions,
} from "./gateway/websocket-gateway.ts";
import type { LambdaRuntime } from "./lambda-runtime.ts";
import type { Log } from "./log.ts";
import { type RunningOpenSearch, startOpenSearchNode } from "./opensearch.ts";
import { startSecretsExtension } from "./secrets-extension.ts";
import { type LocalSecret, startSecretsManager } from "./secrets-manager.ts";
import type { Exposed, RunningService, ServiceEntries, ServiceEntry } from "./service-registry.ts";
import { ensureQueues, type RunningSqs, startSqs } from "./sqs.ts";
import { type RunningXRayDaemon, startXRayDaemon } from "./xray-daemon.ts";

/** The running services of the local cloud, by their name in the registry. */
export interface CloudServices {
  xray: RunningXRayDaemon;
  dynamodb: RunningDynamoDb;
  sqs: RunningSqs;
  eventbridge: RunningService;
  secretsManager: RunningServer;
  secretsExtension: RunningServer;
  cloudwatch: RunningServer;
  lambda: RunningService;
  realtime: RunningWebSocketGateway;
  api: RunningService;
  eventTargets: RunningService;
  consumers: LocalConsumers;
  search: RunningOpenSearch;
}

/** What the services are built from; the parts the cloud builds after the registry, through functions. */
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
  /** The portal's build the front door serves; absent → only the APIs. */
  portalDirectory: string | undefined;
  /** The gateway's settings, serving on `port`. */
  gateway(port: number): GatewayOptions;
  /** The WebSocket API's settings, serving on `port`; `undefined` when the declaration has no `realtime`. */
  websocket(port: number): WebSocketGatewayOptions | undefined;
  /** The origin header's value the front door sends, resolved as it starts. */
  originSecret(): string;
  /** The SQS running now, if any. */
  sqs(): RunningSqs | undefined;
  runtime(): LambdaRuntime;
  eventTargets(): EventTargets;
  /** `true`: start an OpenSearch node of the cloud's own; otherwise none (a node running elsewhere, or no search). */
  search: boolean | { endpoint: string };
  /** Starts the queue consumers; `undefined` runs none. */
  startConsumers: (() => Promise<LocalConsumers>) | undefined;
  log: Log;
}

/** The registry's entries, in the order they start. */
export function cloudServices(context: CloudServicesContext): ServiceEntries<CloudServices>[] {
  const { declaration, region, account, clientConfig, calls, log } = context;

  /** An AWS service: it exposes its URL, under its name, and the SDK's variable for it. */
  const endpoint = <N extends string, R extends RunningService & { url: string }>(
    name: N,
    sdkName: string,
    start: (port: number) => Promise<R>,
    prepare?: (running: R) => Promise<void>,
  ): ServiceEntry<N, R> => {
    let port = 0;
    return {
      name,
      async start() {
        const running = await start(port);
        // A restart takes the same port, so the URL it exposed stays true.
        port = Number(new URL(running.url).port);
        return running;
      },
      ...(prepare && { prepare }),
      exposes: (running): Exposed => ({
        urls: { [name]: running.url },
        env: { [`AWS_ENDPOINT_URL_${sdkName}`]: running.url },
      }),
    };
  };

  // Where Lambda's daemon listens for the functions' trace documents (`AWS_XRAY_DAEMON_ADDRESS`).
  let xrayPort = 0;
  const xray: ServiceEntry<"xray", RunningXRayDaemon> = {
    name: "xray",
    async start() {
      const running = await startXRayDaemon({ port: xrayPort, log });
      xrayPort = Number(running.address.split(":")[1]);
      return running;
    },
    exposes: (running) => ({ env: { AWS_XRAY_DAEMON_ADDRESS: running.address } }),
  };
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
    async (running) => {
      const client = new DynamoDBClient({ ...clientConfig, endpoint: running.url });
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
    (running) =>
      ensureQueues({ ...clientConfig, endpoint: running.url }, declaration.queues, context.nameOf, log),
  );
  const eventbridge = endpoint("eventbridge", "EVENTBRIDGE", async (p) => {
    const { url } = await context.eventBridge.start(p);
    return { url, stop: () => context.eventBridge.stop() };
  });
  // The secrets extension reads from the Secrets Manager running at the time (same port on a restart).
  let secretsManagerUrl = "";
  const secretsManager = endpoint("secretsManager", "SECRETS_MANAGER", async (p) => {
    const running = await startSecretsManager({
      port: p,
      region,
      account,
      secrets: context.secrets,
      log,
      calls,
      onPut: (secret) => context.onPutSecret(secret),
    });
    secretsManagerUrl = running.url;
    return running;
  });
  // Lambda's Parameters and Secrets extension, which every sandbox reaches on the port it is given.
  const ttls = new Map(
    declaredFunctions(declaration).map((f) => [f.id, secretsCacheTtlSeconds(f.declaration)]),
  );
  let extensionPort = 0;
  const secretsExtension: ServiceEntry<"secretsExtension", RunningServer> = {
    name: "secretsExtension",
    async start() {
      const running = await startSecretsExtension({
        port: extensionPort,
        region,
        secretsManagerUrl: () => secretsManagerUrl,
        ttlSecondsOf: (principal) => ttls.get(principal) ?? secretsCacheTtlSeconds({ entry: principal }),
        log,
      });
      extensionPort = running.port;
      return running;
    },
    exposes: (running) => ({
      env: { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(running.port) },
    }),
  };
  const cloudwatch = endpoint("cloudwatch", "CLOUDWATCH", (p) =>
    startCloudWatch({
      port: p,
      log,
      calls,
      // Read from the SQS running at the time of the request: none running, no data.
      oldestMessageAt: async (queueName) => context.sqs()?.oldestMessageAt(queueName),
    }),
  );
  // OpenSearch is no AWS SDK service: functions get its URL from their `search` binding (SEARCH_ENDPOINT).
  let searchPort = 0;
  const search: ServiceEntry<"search", RunningOpenSearch>[] =
    context.search === true
      ? [
          {
            name: "search",
            async start() {
              const running = await startOpenSearchNode({
                port: searchPort,
                dataDir:
                  context.dataDir === undefined ? undefined : resolve(context.dataDir, "opensearch-node"),
                log,
              });
              searchPort = Number(new URL(running.url).port);
              return running;
            },
            exposes: (running) => ({ urls: { search: running.url } }),
          },
        ]
      : [];
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
  // The WebSocket API on a port of its own, as API Gateway serves it apart from the HTTP API.
  let websocketPort = 0;
  let websocketUrl: string | undefined;
  const realtime: ServiceEntry<"realtime", RunningWebSocketGateway>[] =
    declaration.realtime === undefined
      ? []
      : [
          {
            name: "realtime",
            async start() {
              const settings = context.websocket(websocketPort);
              if (settings === undefined) throw new Error("the declaration has no realtime API");
              const running = await startWebSocketGateway(settings);
              websocketPort = running.port;
              websocketUrl = running.url;
              return running;
            },
            exposes: (running) => ({ urls: { websocket: running.url } }),
          },
        ];
  // The origin's and the front door's ports: any free one at first (or the one asked for), then the same.
  let originPort = 0;
  let apiPort = context.apiPort ?? 0;
  const api: ServiceEntry<"api", RunningService & { url: string; origin: string }> = {
    name: "api",
    async start() {
      const gateway = await startGateway(context.gateway(originPort));
      // Restarting the API is the local "deploy of the Web stack": the edge resolves the secret anew.
      const edge = await startEdge({
        port: apiPort,
        origin: gateway.url,
        originSecret: context.originSecret(),
        ...(context.portalDirectory !== undefined && { portalDirectory: context.portalDirectory }),
        ...(declaration.realtime && {
          websocket: { path: declaration.realtime.path, origin: () => websocketUrl },
        }),
        log,
      }).catch(async (error: unknown) => {
        await gateway
          .stop()
          .catch((stopError: unknown) => log("error", "the API origin did not stop", stopError));
        throw error;
      });
      originPort = gateway.port;
      apiPort = edge.port;
      return {
        url: edge.url,
        origin: gateway.url,
        async stop() {
          const [front, origin] = await Promise.allSettled([edge.stop(), gateway.stop()]);
          const failures = [front, origin].flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
          if (failures.length > 0) throw new AggregateError(failures, "the API did not stop cleanly");
        },
      };
    },
    exposes: (running) => ({ urls: { api: running.url, origin: running.origin } }),
  };
  const eventTargets = part("eventTargets", context.eventTargets);
  const { startConsumers } = context;
  const consumers: ServiceEntry<"consumers", LocalConsumers>[] =
    startConsumers === undefined ? [] : [{ name: "consumers", start: startConsumers }];
  return [
    xray,
    dynamodb,
    sqs,
    eventbridge,
    secretsManager,
    secretsExtension,
    cloudwatch,
    ...search,
    lambda,
    ...realtime,
    api,
    eventTargets,
    ...consumers,
  ];
}
