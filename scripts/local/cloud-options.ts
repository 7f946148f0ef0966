import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import type { WebSocketLimits } from "./cloud-gateways.ts";
import type { LocalScaling } from "./consumers.ts";
import type { Log } from "./log.ts";

/** How a local cloud is started (`startLocalCloud`). */
export interface LocalCloudOptions {
  /** @default the real `platform` declaration */
  declaration?: PlatformDeclaration;
  /** The allow-list of public routes. @default PUBLIC_ROUTES */
  publicRoutes?: readonly string[];
  /** @default "local" */
  stage?: string;
  /**
   * Where DynamoDB's files and the generated secrets (`secrets.json`) persist; absent → everything in
   * memory for this run (tests).
   */
  dataDir?: string;
  /** HTTP API's integration timeout. @default 30000 */
  integrationTimeoutMs?: number;
  /** Overrides the declared authorizer cache TTL (0 = no caching). @default the declaration's, or 30 */
  authorizerCacheTtlSeconds?: number;
  /**
   * The WebSocket API's idle timeout and longest connection, in milliseconds.
   * @default API Gateway's: 10 minutes idle, 2 hours at most
   */
  realtime?: WebSocketLimits;
  /**
   * Port of the front door (the local CloudFront, `urls.api`); the API behind it and the services
   * always take free ports. @default 0 (any free port)
   */
  apiPort?: number;
  /** The portal's build (`web/dist`) the front door serves. @default none: only the APIs */
  portalDirectory?: string;
  /** @default "us-east-1" */
  region?: string;
  /**
   * The language-model configuration (`AGENT_MODELS` JSON) of functions bound to `models`.
   * @default every agent on the offline model
   */
  agentModels?: string;
  /** Credits a new tenant starts with (`STARTER_CREDITS`). @default DEFAULT_STARTER_CREDITS (25) */
  starterCredits?: number;
  /**
   * How long an access token lives, in seconds (`ACCESS_TOKEN_TTL_SECONDS`); short, to watch sessions renew.
   * @default DEFAULT_ACCESS_TOKEN_TTL_SECONDS (900)
   */
  accessTokenTtlSeconds?: number;
  /** `POWERTOOLS_LOG_LEVEL` of the functions. @default "INFO" */
  functionLogLevel?: string;
  /**
   * What Lambda waits before the second and third attempt of a failed asynchronous invocation (the
   * targets of event rules and schedules); AWS waits about 1 and 2 minutes. @default [1000, 2000]
   */
  asyncRetryDelaysMs?: readonly [number, number];
  /** Repository root (function entries are relative to it). @default this repository */
  root?: string;
  /** @default console, info and above */
  log?: Log;
  /**
   * Start the queue consumers: an SQS event-source mapping per (queue function, queue) and a local
   * container service per container consumer.
   * @default true
   */
  consumers?: boolean;
  /**
   * The timing of container services declared with a task range: how often they count their queue's
   * jobs, the cooldown after a scale-out, the idle time before a scale-in; `false` keeps each at its
   * minimum (a benchmark that compares rounds).
   * @default every 10 s; AWS's cooldown (60 s) and idle time (5 min)
   */
  containerScaling?: Partial<LocalScaling> | false;
  /**
   * OpenSearch, for the functions bound to `search` (`SEARCH_ENDPOINT`): `true` starts a node of the
   * cloud's own (a JVM: seconds to start, about 350 MB), `{ endpoint }` uses a node already running
   * (tests share one, each stage's indices under its own prefix), `false` runs without search (the
   * functions bound to it then fail).
   * @default the test run's shared node when there is one (`LEADMETRICS_SEARCH_NODE`), else `true`
   */
  search?: boolean | { endpoint: string };
}
