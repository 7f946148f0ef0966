import type { ContainerConsumerDeclaration, FunctionBindings } from "./types.ts";

/** `events-dlq` → `EVENTS_DLQ`. */
export function constantCase(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}

export const envNames = {
  stage: "STAGE",
  table: "TABLE_NAME",
  eventBus: "EVENT_BUS_NAME",
  queueUrl: (queue: string) => `QUEUE_URL_${constantCase(queue)}`,
  secretId: (secret: string) => `SECRET_ID_${constantCase(secret)}`,
  agentModels: "AGENT_MODELS",
  starterCredits: "STARTER_CREDITS",
  accessTokenTtl: "ACCESS_TOKEN_TTL_SECONDS",
  realtimeEndpoint: "REALTIME_ENDPOINT",
  searchEndpoint: "SEARCH_ENDPOINT",
} as const;

/** Where each bound resource lives, as the CDK app (tokens) or the local cloud (values) knows it. */
export interface ResourceLocator {
  stage: string;
  tableName: string;
  eventBusName: string;
  queueUrl(queue: string): string;
  secretId(secret: string): string;
  /** The stage's language-model configuration (JSON); absent → every agent runs offline. */
  agentModels?: string;
  /** Credits a new tenant starts with (the stage's `starterCredits`). */
  starterCredits: number;
  /** How long an access token lives, in seconds (the stage's `accessTokenTtlSeconds`). */
  accessTokenTtlSeconds: number;
  /**
   * The WebSocket API's management endpoint (`https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`),
   * for functions that manage connections.
   */
  realtimeEndpoint?: string;
  /** The search domain's HTTPS endpoint (`https://…`, no trailing slash), for functions bound to search. */
  searchEndpoint?: string;
}

/**
 * The environment a function gets for its bindings: the one place that names the variables, used by
 * the CDK app and by the local cloud alike, so the two cannot drift.
 */
export function environmentFor(
  bindings: FunctionBindings | undefined,
  at: ResourceLocator,
): Record<string, string> {
  const env: Record<string, string> = { [envNames.stage]: at.stage };
  if (bindings?.table || bindings?.describesTable) env[envNames.table] = at.tableName;
  if (bindings?.events || bindings?.describesEventBus) env[envNames.eventBus] = at.eventBusName;
  if (bindings?.models && at.agentModels) env[envNames.agentModels] = at.agentModels;
  if (bindings?.starterCredits) env[envNames.starterCredits] = String(at.starterCredits);
  if (bindings?.accessTokenTtl) env[envNames.accessTokenTtl] = String(at.accessTokenTtlSeconds);
  if (bindings?.managesConnections && at.realtimeEndpoint)
    env[envNames.realtimeEndpoint] = at.realtimeEndpoint;
  if (bindings?.search && at.searchEndpoint) env[envNames.searchEndpoint] = at.searchEndpoint;
  const queues = [...(bindings?.sendsTo ?? []), ...(bindings?.inspects ?? []), ...(bindings?.redrives ?? [])];
  for (const queue of new Set(queues)) {
    env[envNames.queueUrl(queue)] = at.queueUrl(queue);
  }
  for (const secret of new Set([...(bindings?.secrets ?? []), ...(bindings?.describesSecrets ?? [])])) {
    env[envNames.secretId(secret)] = at.secretId(secret);
  }
  return env;
}

/** What a container consumer is told about its own queue and limits, besides its bindings. */
export const consumerEnvNames = {
  queueUrl: "CONSUMER_QUEUE_URL",
  jobTimeoutSeconds: "CONSUMER_JOB_TIMEOUT_SECONDS",
  concurrency: "CONSUMER_CONCURRENCY",
} as const;

/**
 * The environment of a container consumer: its bindings' variables plus its queue and limits. One
 * definition for the Fargate task (CDK) and the local child process.
 */
export function containerEnvironment(
  container: Pick<ContainerConsumerDeclaration, "queue" | "timeoutSeconds" | "concurrency" | "bindings">,
  at: ResourceLocator,
): Record<string, string> {
  return {
    ...environmentFor(container.bindings, at),
    [consumerEnvNames.queueUrl]: at.queueUrl(container.queue),
    [consumerEnvNames.jobTimeoutSeconds]: String(container.timeoutSeconds),
    [consumerEnvNames.concurrency]: String(container.concurrency),
  };
}
