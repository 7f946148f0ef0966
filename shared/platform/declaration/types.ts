/**
 * The vocabulary of the platform declaration: routes, functions, tables, queues, event rules,
 * schedules and secrets, declared once as data. The CDK app and the local cloud both read the
 * declaration built from these types (see `platform.ts`); nothing keeps a second list.
 */
import type { $ZodType } from "zod/v4/core";
import type { RouteAccess } from "#shared/domain/access/roles";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A zod schema of either flavour (classic or mini). */
export type Schema = $ZodType;

export interface RouteDeclaration {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/api/dm/v1/tenants/{tenantId}/content/{contentId}`. */
  path: string;
  /** One line for the API reference. */
  summary: string;
  /**
   * Who may call the route. Absent exactly when the route key is on the public allow-list
   * (`public-routes.ts`); the declaration refuses any other combination.
   */
  access?: RouteAccess;
  body?: Schema;
  query?: Schema;
  params?: Schema;
  /**
   * The JSON body of a success, for the API reference; the route's handler must return a body of
   * its (input) type. Absent: the reference shows the success without a schema.
   */
  response?: Schema;
  /**
   * The statuses a success with a body answers: 201 for what a request creates, 202 for what it
   * starts, both 200 and 201 for an idempotent create. A route whose `response` is `undefined`
   * answers 204 and declares none. The API reference shows these; the integration tests hold every
   * success to them.
   * @default [200]
   */
  successStatuses?: readonly SuccessStatus[];
  /**
   * Largest accepted request body in bytes; larger → 413.
   * @default 65536
   */
  maxBodyBytes?: number;
}

/** A success that carries a body. */
export type SuccessStatus = 200 | 201 | 202;

export type RouteKey = `${HttpMethod} ${string}`;

/** What a function touches; the CDK app grants exactly this and sets the matching environment. */
export interface FunctionBindings {
  /** Read/write the single table. */
  table?: "read" | "readwrite";
  /**
   * The search domain (OpenSearch): `read` queries it (`es:ESHttpGet`/`es:ESHttpPost`/`es:ESHttpHead`),
   * `readwrite` also indexes and deletes (`es:ESHttpPut`/`es:ESHttpDelete`). Sets `SEARCH_ENDPOINT`.
   */
  search?: "read" | "readwrite";
  /** Publish domain events to the platform bus (`events:PutEvents`). */
  events?: boolean;
  /**
   * Only checks that the single table exists (`dynamodb:DescribeTable`): no access to its items. A
   * readiness probe needs no more.
   */
  describesTable?: boolean;
  /**
   * Only checks that the platform bus exists (`events:DescribeEventBus`): publishes nothing. A
   * readiness probe needs no more.
   */
  describesEventBus?: boolean;
  /** Queues the function sends to (by declared queue name). */
  sendsTo?: readonly string[];
  /** Queues the function inspects (GetQueueAttributes). */
  inspects?: readonly string[];
  /**
   * Dead-letter queues (`<queue>-dlq`) whose messages the function may peek at and move back to their
   * source queue: receive, change visibility, delete, read attributes and run message move tasks on
   * the DLQ, and send to its source queue (a move task sends as the caller).
   */
  redrives?: readonly string[];
  /** Secrets whose value the function reads (GetSecretValue), by declared secret name. */
  secrets?: readonly string[];
  /** Runs language models: gets the stage's model configuration (`AGENT_MODELS`). */
  models?: boolean;
  /** Creates tenants: gets the credits a new tenant starts with (`STARTER_CREDITS`, the stage's `starterCredits`). */
  starterCredits?: boolean;
  /** Issues, revokes or outlives access tokens: gets their lifetime (`ACCESS_TOKEN_TTL_SECONDS`, the stage's `accessTokenTtlSeconds`). */
  accessTokenTtl?: boolean;
  /** Secrets the function only checks for (DescribeSecret): no access to the value. */
  describesSecrets?: readonly string[];
  /**
   * Reads CloudWatch metrics (`cloudwatch:GetMetricData`), e.g. the `AWS/SQS` ages of the queues it
   * inspects. The action takes no resource-level permissions: the grant is on `*`. Locally the
   * endpoint is `AWS_ENDPOINT_URL_CLOUDWATCH`, which every function gets.
   */
  readsMetrics?: boolean;
  /**
   * Posts to, reads and closes the WebSocket API's connections (`execute-api:ManageConnections` on
   * that API's `@connections` only); gets the management endpoint as `REALTIME_ENDPOINT`.
   */
  managesConnections?: boolean;
}

export interface FunctionDeclaration {
  /** Entry file, relative to the repository root; it exports `handler`. */
  entry: string;
  /** @default 10 */
  timeoutSeconds?: number;
  /** @default 512 */
  memoryMb?: number;
  bindings?: FunctionBindings;
  /**
   * Modules left out of the bundle and loaded from the Lambda runtime's own copy of the AWS SDK.
   * Only for code the function loads lazily on a rare path (readiness probes): every module in the
   * bundle is compiled at cold start whether it runs or not, so a rarely used client costs each
   * cold start its compile time. Everything on a request's usual path is bundled at the locked
   * version. See docs/decisions/0004-cold-start-budget.md.
   * @default []
   */
  runtimeProvidedModules?: readonly string[];
  /**
   * How long the secrets extension (the AWS Parameters and Secrets Lambda Extension, which a function
   * bound to a secret reads through) keeps a secret before asking Secrets Manager again; 0 = it does
   * not cache. A rotated secret reaches the function at most this long after the rotation (plus the
   * function's own cache, if it keeps one). At most 300.
   * @default 300; 0 for the HTTP API's authorizer (`secretsCacheTtlSeconds` in `functions.ts` says why)
   */
  secretsCacheTtlSeconds?: number;
}

/** One domain Lambda and the HTTP routes it serves. */
export interface ApiDomainDeclaration<
  R extends Record<string, RouteDeclaration> = Record<string, RouteDeclaration>,
> extends FunctionDeclaration {
  domain: string;
  routes: R;
}

export interface AuthorizerDeclaration extends FunctionDeclaration {
  /**
   * Identity source of the HTTP API Lambda authorizer. A request missing any of these is refused
   * with 401 before the authorizer runs; together they key the authorizer's result cache. It holds
   * `$context.routeKey` because the answer depends on the route's declared role.
   */
  identitySource: readonly string[];
  /**
   * Identity source of a second authorizer (the same function) on the public routes, which checks
   * only that a request came through the front door: the origin header. Absent: public routes have
   * no authorizer (a declaration without a front door).
   */
  publicIdentitySource?: readonly string[];
  /**
   * How long API Gateway caches an answer, keyed by the identity source (≤ 60 s).
   * @default 30
   */
  resultsCacheTtlSeconds?: number;
}

export interface TableDeclaration {
  name: string;
  partitionKey: "pk";
  sortKey: "sk";
  /** Generic global secondary indexes named `gsi1`… with keys `gsi1pk`/`gsi1sk`. */
  globalIndexes: readonly string[];
  ttlAttribute: "ttl";
}

export interface QueueDeclaration {
  name: string;
  purpose: string;
  /** @default 60 */
  visibilityTimeoutSeconds?: number;
  /** Retention of messages; dead-letter queues keep theirs for the maximum. @default 345600 (4 days) */
  retentionSeconds?: number;
  /** Receives before a message moves to the queue's DLQ; absent for a queue that is itself a DLQ. */
  maxReceiveCount?: number;
}

/**
 * A Lambda fed by SQS event-source mappings: batches of up to `batchSize` messages, gathered for up to
 * `maxBatchingWindowSeconds`, with partial batch failures reported as `batchItemFailures`.
 */
export interface QueueFunctionDeclaration extends FunctionDeclaration {
  name: string;
  /** Queues it consumes: declared queues, or the DLQs derived from them (`<queue>-dlq`). */
  queues: readonly string[];
  /** Messages per invocation (1–10). */
  batchSize: number;
  /** How long the mapping gathers a batch (0–300). */
  maxBatchingWindowSeconds: number;
  /** Most concurrent invocations the mapping starts for one queue (2–1000). */
  maxConcurrency: number;
}

/** Bounds of a container consumer's task count. */
export interface TaskCount {
  min: number;
  max: number;
}

/**
 * A long-running queue consumer: an ECS Fargate service in AWS, a child process locally. It long-polls
 * its queue, extends a message's visibility while it works, and on SIGTERM stops receiving and finishes
 * or releases its jobs.
 */
export interface ContainerConsumerDeclaration {
  name: string;
  /** The declared queue it consumes. */
  queue: string;
  /** Entry file of the consumer process, relative to the repository root. */
  entry: string;
  /** Longest one job may run before the consumer gives up on it (1–3600). */
  timeoutSeconds: number;
  /** Jobs one task works on at once. */
  concurrency: number;
  /** Fargate CPU units. */
  cpu: 256 | 512 | 1024 | 2048 | 4096;
  memoryMb: number;
  /**
   * Tasks of the service: at least `min` (a job never waits for a task to start); with `max` above it,
   * waiting jobs add tasks up to `max` and an idle queue returns the service to `min`
   * (`CONTAINER_SCALING`). At most 20 tasks between them: a scaling policy holds 20 steps.
   * @default { min: 1, max: 1 }
   */
  tasks?: TaskCount;
  bindings?: FunctionBindings;
}

export interface EventRuleDeclaration {
  name: string;
  description: string;
  /** An EventBridge event pattern. */
  pattern: Record<string, unknown>;
  /** Entry file of the Lambda target. */
  target: FunctionDeclaration;
}

export interface ScheduleDeclaration {
  name: string;
  description: string;
  /** EventBridge schedule expression, `cron(...)` or `rate(...)`. */
  expression: string;
  target: FunctionDeclaration;
}

export interface SecretDeclaration {
  name: string;
  description: string;
  /**
   * How the local cloud creates the value on first run (it is never committed): a new ES256 key set,
   * 256 random bits, an empty JSON object (filled in by hand, e.g. API keys), an origin secret
   * (`{ "current": <random> }`, generated at deploy in AWS too), or the public JWKS of another
   * (key-set) secret. In AWS the value is created by the ops command named in `provisionedBy`.
   */
  localValue: "es256-jwk-set" | "random-256-bit" | "origin-secret" | "json-object" | { publicKeysOf: string };
  provisionedBy: string;
  /**
   * CloudFront reads it at deploy (a dynamic reference in the distribution, which lives in us-east-1):
   * outside us-east-1 the secret is replicated there, since a dynamic reference resolves only in its
   * stack's region.
   * @default false
   */
  readAtTheEdge?: boolean;
}

/**
 * The WebSocket API (the Realtime stack): a Lambda REQUEST authorizer on `$connect` and one function
 * per route key, the route selected by `$request.body.action`. API Gateway never caches a WebSocket
 * authorizer's answer (it answers an IAM policy, not a simple response); the local gateway does not
 * either, so a single-use credential stays single-use.
 */
export interface RealtimeDeclaration {
  /** Where clients connect through the front door (CloudFront routes it to the WebSocket API). */
  path: string;
  /** Runs on `$connect` only; `identitySource` names where the credential travels. */
  authorizer: FunctionDeclaration & { identitySource: readonly string[] };
  /** `$connect`, `$disconnect`, `$default` and action names → the function that serves each. */
  routes: Readonly<Record<string, FunctionDeclaration>>;
}

export interface PlatformDeclaration {
  /** The application's name; resource names derive from it. */
  app: string;
  authorizer: AuthorizerDeclaration;
  api: readonly ApiDomainDeclaration[];
  table: TableDeclaration;
  /** The custom event bus for domain events. */
  eventBus: { name: string };
  queues: readonly QueueDeclaration[];
  /** Lambda consumers of queues (short jobs, dead letters). */
  queueFunctions: readonly QueueFunctionDeclaration[];
  /** Fargate consumers of queues (long jobs). */
  containers: readonly ContainerConsumerDeclaration[];
  eventRules: readonly EventRuleDeclaration[];
  schedules: readonly ScheduleDeclaration[];
  secrets: readonly SecretDeclaration[];
  /** The WebSocket API; absent → no Realtime stack. */
  realtime?: RealtimeDeclaration;
}
