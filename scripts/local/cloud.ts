import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { migrateStage } from "#shared/adapters/search/migrate";
import { platform } from "#shared/contracts/platform";
import { DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from "#shared/domain/access/access-token";
import { DEFAULT_STARTER_CREDITS } from "#shared/domain/credits/starter-credits";
import { EDGE } from "#shared/platform/declaration/edge";
import { environmentFor, type ResourceLocator } from "#shared/platform/declaration/environment";
import { declaredFunctions, runtimeEnvironment } from "#shared/platform/declaration/functions";
import { resourceName, secretName } from "#shared/platform/declaration/naming";
import { PUBLIC_ROUTES } from "#shared/platform/declaration/public-routes";
import type { FunctionDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { type AwsCall, AwsCallLog } from "./aws-calls.ts";
import { type CloudGatewaysContext, httpGatewayOptions, webSocketGatewayOptions } from "./cloud-gateways.ts";
import type { LocalCloudOptions } from "./cloud-options.ts";
import { type CloudServices, cloudServices } from "./cloud-services.ts";
import { announceCloudStarted } from "./cloud-started.ts";
import { type LocalConsumers, NO_CONSUMERS, startLocalConsumers } from "./consumers.ts";
import type { DynamoDbOperationLog } from "./dynamodb-operations.ts";
import { EventTargets } from "./event-rules.ts";
import { LocalEventBridge, type RecordedEvent } from "./eventbridge.ts";
import { functionIdentities } from "./function-identities.ts";
import { originHeaderValue } from "./gateway/edge.ts";
import { LambdaRuntime, type LocalFunction } from "./lambda-runtime.ts";
import { localSecretsOf, saveLocalSecret } from "./local-secrets.ts";
import { consoleLog, describeError } from "./log.ts";
import { credentialsEnvironment } from "./principals.ts";
import { ServiceRegistry } from "./service-registry.ts";
import { resolveSearchOption } from "./shared-search-node.ts";
import { SQS_ACCOUNT } from "./sqs.ts";
import { NO_TRACES, type RunningXRayDaemon } from "./xray-daemon.ts";

/**
 * The services a test may stop and start again (`stopService`, `startService`); `realtime` (the
 * WebSocket API, which closes every connection as it stops) only when the declaration has one, `search`
 * only when the cloud started its own node.
 */
export const SERVICE_NAMES = [
  "api",
  "realtime",
  "dynamodb",
  "sqs",
  "eventbridge",
  "secretsManager",
  "cloudwatch",
  "search",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type { LocalCloudOptions } from "./cloud-options.ts";

export interface LocalCloud {
  urls: {
    /** The front door: what CloudFront is in AWS. Every client goes here. */
    api: string;
    /**
     * The HTTP API itself (its execute-api endpoint in AWS): it refuses whatever did not come through
     * the front door, as the deployed API does.
     */
    origin: string;
    dynamodb: string;
    sqs: string;
    eventbridge: string;
    secretsManager: string;
    cloudwatch: string;
    /**
     * The WebSocket API itself, `ws://127.0.0.1:<port>/<stage>` (its `wss://…execute-api…/<stage>` in
     * AWS), when the declaration has `realtime`; browsers connect through the front door, on the
     * declared path (`<api>/ws`). Its management endpoint is `locator.realtimeEndpoint`.
     */
    websocket?: string;
    /** The OpenSearch node (`locator.searchEndpoint`), when the cloud was started with `search`. */
    search?: string;
  };
  /** What an AWS SDK v3 client (or a function) needs to reach the local services. */
  env: Record<string, string>;
  region: string;
  /** The account id in the local resources' ARNs. */
  account: string;
  stage: string;
  /** Where each declared resource lives (resource names, queue URLs, secret ids). */
  locator: ResourceLocator;
  /** The full environment a declared function runs with. */
  environmentOf(fn: FunctionDeclaration): Record<string, string>;
  /** The Lambda service, to invoke a function directly (`runtime.invoke(functionOf(decl), event)`). */
  runtime: LambdaRuntime;
  /** A declared function as the runtime runs it: its declaration and its deployed name. */
  functionOf(fn: FunctionDeclaration): LocalFunction;
  /** The routes the gateway serves, and whether each is public (served without the authorizer). */
  routes(): readonly { key: string; public: boolean }[];
  /** The declaration it serves. */
  declaration: PlatformDeclaration;
  /**
   * Every AWS authorization each function and container task has needed so far (action and resource
   * ARN, as IAM evaluates them), by principal: what its role must grant in AWS.
   */
  awsCalls(): AwsCall[];
  /** Each principal's DynamoDB requests by operation (`dynamodb-operations.ts`): round trips. */
  dynamoDbOperations: DynamoDbOperationLog;
  /** Events accepted by the local EventBridge, oldest first. */
  events(): readonly RecordedEvent[];
  /** Calls `listener` as each event is accepted from now on; returns the unsubscribe function. */
  onEvent(listener: (recorded: RecordedEvent) => void): () => void;
  /**
   * The declared event rules, routing events on the platform bus to their targets asynchronously:
   * `idle()` resolves once every delivery so far (rules' and schedules'), with its retries and dead
   * letter, has settled.
   */
  eventRules: { idle(): Promise<void> };
  /** The declared schedules: `fireNow(name)` runs one occurrence now and resolves once it settled. */
  schedules: { fireNow(name: string): Promise<void> };
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  /** The functions' trace documents, as the X-Ray daemon received them (sampling: `runtime.sampling`). */
  traces: Pick<RunningXRayDaemon, "documents" | "onDocument">;
  /** The queue consumers; `pause()` leaves the queues to inspect with nothing consuming them. */
  consumers: Pick<LocalConsumers, "pause" | "resume" | "idle" | "containers">;
  stop(): Promise<void>;
}

const ACCOUNT = SQS_ACCOUNT;
const REPOSITORY_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

/**
 * Brings the platform up on one machine, on free ports: DynamoDB Local, SQS (fauxqs), Secrets Manager,
 * EventBridge, CloudWatch (SQS's queue-age metric), the Lambda runtime and the HTTP API gateway, all
 * generated from the declaration. The services are the entries of one registry (`cloud-services.ts`),
 * started in order and stopped in reverse. The functions reach the services only through the SDK's
 * standard endpoint variables.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const declaration = options.declaration ?? platform;
  const stage = options.stage ?? "local";
  const region = options.region ?? "us-east-1";
  const root = options.root ?? REPOSITORY_ROOT;
  const log = options.log ?? consoleLog("info");
  const search = await resolveSearchOption(options.search);
  const publicRoutes = options.publicRoutes ?? PUBLIC_ROUTES;
  const nameOf = (name: string) => resourceName(declaration.app, stage, name);
  const secretId = (name: string) => secretName(declaration.app, stage, name);

  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const clientConfig = { region, credentials };
  const secretsFile = options.dataDir === undefined ? undefined : resolve(options.dataDir, "secrets.json");
  const localSecrets = await localSecretsOf(declaration.secrets, secretId, secretsFile);
  const awsCalls = new AwsCallLog();
  const edgeSecret = originHeaderValue(
    localSecrets.find((s) => s.id === secretId(EDGE.originSecret)),
    log,
  );
  const eventBridge = new LocalEventBridge({
    region,
    account: ACCOUNT,
    busNames: [nameOf(declaration.eventBus.name)],
    log,
    calls: awsCalls,
  });

  // Filled as each service starts and exposes its URL and SDK variable: the ones after it can use them.
  const urls: LocalCloud["urls"] = {
    api: "",
    origin: "",
    dynamodb: "",
    sqs: "",
    eventbridge: "",
    secretsManager: "",
    cloudwatch: "",
    // A node already running is known now; the cloud's own is known once it started.
    ...(typeof search === "object" ? { search: search.endpoint } : {}),
  };
  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  // The services, in the order they start.
  const services: ServiceRegistry<CloudServices> = new ServiceRegistry(
    cloudServices({
      declaration,
      region,
      account: ACCOUNT,
      clientConfig,
      nameOf,
      dataDir: options.dataDir,
      calls: awsCalls,
      eventBridge,
      secrets: localSecrets,
      onPutSecret: async (secret) => {
        if (secretsFile !== undefined) await saveLocalSecret(secretsFile, secret.id, secret.value);
      },
      apiPort: options.apiPort,
      portalDirectory: options.portalDirectory,
      gateway: (port) => httpGatewayOptions(gateways, httpSettings, port),
      websocket: (port) => webSocketGatewayOptions(gateways, options.realtime ?? {}, awsCalls, port),
      originSecret: edgeSecret,
      sqs: () => services.get("sqs"),
      runtime: () => runtime,
      eventTargets: () => eventTargets,
      search,
      startConsumers:
        (options.consumers ?? true)
          ? () =>
              startLocalConsumers({
                declaration,
                calls: awsCalls,
                sqs: { ...clientConfig, endpoint: urls.sqs },
                region,
                root,
                locator,
                nameOf,
                functionOf: localFunction,
                runtime,
                environmentOf,
                ...(options.containerScaling === undefined ? {} : { scaling: options.containerScaling }),
                log,
              })
          : undefined,
      log,
    }),
    {
      log,
      onExposed: (exposed) => {
        Object.assign(urls, exposed.urls);
        Object.assign(env, exposed.env);
      },
    },
  );
  const locator: ResourceLocator = {
    stage,
    tableName: nameOf(declaration.table.name),
    eventBusName: nameOf(declaration.eventBus.name),
    queueUrl: (queue) => `${urls.sqs}/${ACCOUNT}/${nameOf(queue)}`,
    secretId,
    ...(options.agentModels ? { agentModels: options.agentModels } : {}),
    starterCredits: options.starterCredits ?? DEFAULT_STARTER_CREDITS,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    // Known once the WebSocket API has started; a sandbox reads it as it starts.
    get realtimeEndpoint() {
      return services.get("realtime")?.managementEndpoint;
    },
    get searchEndpoint() {
      return urls.search;
    },
  };
  const { functionOf: localFunction, identityOf: identityOfAny } = functionIdentities(declaration, nameOf);
  const environmentOf = (fn: FunctionDeclaration | LocalFunction): Record<string, string> => ({
    ...env,
    ...credentialsEnvironment(identityOfAny(fn).id),
    ...environmentFor(fn.bindings, locator),
    ...runtimeEnvironment({
      app: declaration.app,
      service: identityOfAny(fn).service,
      logLevel: options.functionLogLevel ?? "INFO",
    }),
  });
  // Validates the rules' patterns, the schedule expressions and the events DLQ before anything starts.
  const eventTargets = new EventTargets({
    declaration,
    eventBridge,
    runtime: { invoke: (fn, event) => runtime.invoke(fn, event) },
    nameOf,
    eventBusName: locator.eventBusName,
    queueUrl: locator.queueUrl,
    sqs: () => ({ ...clientConfig, endpoint: urls.sqs }),
    region,
    account: ACCOUNT,
    retryDelaysMs: options.asyncRetryDelaysMs,
    log,
  });
  const runtime = new LambdaRuntime({
    root,
    region,
    account: ACCOUNT,
    environment: environmentOf,
    watch: [
      ...new Set([
        "functions",
        "shared",
        ...declaredFunctions(declaration).map((f) => dirname(f.declaration.entry)),
      ]),
    ].map((d) => resolve(root, d)),
    log,
  });

  const httpSettings = {
    publicRoutes,
    authorizerCacheTtlSeconds: options.authorizerCacheTtlSeconds,
    integrationTimeoutMs: options.integrationTimeoutMs ?? 30_000,
  };
  const gateways: CloudGatewaysContext = {
    declaration,
    region,
    account: ACCOUNT,
    stage,
    runtime,
    functionOf: localFunction,
    log,
  };

  // In order; a service that fails to start stops those started before it.
  await services.startAll();
  const searchEndpoint = locator.searchEndpoint;
  if (searchEndpoint !== undefined) {
    // As the table is created with DynamoDB Local: the stage's indexes exist before any function runs.
    const migrated = migrateStage({ endpoint: searchEndpoint, ...clientConfig }, stage, (line) =>
      log("debug", `search index ${line}`),
    );
    await migrated.catch(async (error: unknown) => {
      log("error", "the search indexes could not be created; stopping the cloud", describeError(error));
      await services.stopAll();
      throw error;
    });
  }

  const cloud: LocalCloud = {
    urls,
    env,
    region,
    account: ACCOUNT,
    stage,
    declaration,
    awsCalls: () => awsCalls.calls(),
    dynamoDbOperations: awsCalls.dynamoDbOperations,
    locator,
    environmentOf,
    runtime,
    functionOf: localFunction,
    routes: () =>
      httpGatewayOptions(gateways, httpSettings, 0).routes.map((r) => ({
        key: r.key,
        public: r.target.public,
      })),
    events: () => eventBridge.events,
    onEvent: (listener) => eventBridge.subscribe(listener),
    eventRules: eventTargets.eventRules,
    schedules: eventTargets.schedules,
    startService: (name) => services.start(name),
    stopService: (name) => services.stop(name),
    consumers: services.get("consumers") ?? NO_CONSUMERS,
    traces: services.get("xray") ?? NO_TRACES,
    stop: () => services.stopAll(),
  };
  announceCloudStarted(cloud);
  return cloud;
}
