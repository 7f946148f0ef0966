/**
 * A function's configuration, derived from its declared bindings: the same declaration that
 * `environmentFor` turns into environment variables (CDK and the local cloud alike) is read back here,
 * at cold start, into one typed, validated object. No handler spells an environment variable or
 * defaults a queue URL; a function asks only for what it is bound to (the types refuse the rest), and
 * a missing or malformed variable fails the cold start naming every one.
 */
import * as z from "zod/mini";
import { ACCESS_TOKEN_TTL_RANGE } from "#shared/domain/access/access-token";
import { loadConfig } from "./config.ts";
import { consumerEnvNames, envNames } from "./declaration/environment.ts";
import type { FunctionBindings } from "./declaration/types.ts";

type Listed<B, K extends string> = B extends { readonly [P in K]: readonly (infer N extends string)[] }
  ? N
  : B extends { readonly [P in K]?: readonly (infer N extends string)[] }
    ? N
    : never;

/** The queues a function may name: those it sends to, inspects or redrives. */
export type BoundQueue<B extends FunctionBindings> =
  | Listed<B, "sendsTo">
  | Listed<B, "inspects">
  | Listed<B, "redrives">;
/** The secrets a function may name: those it reads or only describes. */
export type BoundSecret<B extends FunctionBindings> = Listed<B, "secrets"> | Listed<B, "describesSecrets">;

type ValueOf<B, K extends string> = B extends { readonly [P in K]?: infer V } ? V : undefined;
type Set<B, K extends string> = Exclude<ValueOf<B, K>, undefined | false>;
/**
 * `T` when the bindings surely hold `K`, `Partial<T>` when they may (bindings typed only as
 * `FunctionBindings`), nothing when they surely do not.
 */
type IfBound<B, K extends string, T> = [Set<B, K>] extends [never]
  ? unknown
  : B extends { readonly [P in K]-?: Set<B, K> }
    ? T
    : Partial<T>;

/** What a function with bindings `B` is configured with. */
export type Bindings<B extends FunctionBindings> = {
  /** The declared bindings these were read for. */
  readonly declared: B;
  readonly stage: string;
  /** The URL of a bound queue. */
  queueUrl(queue: BoundQueue<B>): string;
  /** The id (ARN or name) of a bound secret. */
  secretId(secret: BoundSecret<B>): string;
} & IfBound<B, "table", { readonly tableName: string }> &
  IfBound<B, "describesTable", { readonly tableName: string }> &
  IfBound<B, "events", { readonly eventBusName: string }> &
  IfBound<B, "describesEventBus", { readonly eventBusName: string }> &
  IfBound<B, "models", { readonly agentModels: string | undefined }> &
  IfBound<B, "starterCredits", { readonly starterCredits: number }> &
  IfBound<B, "accessTokenTtl", { readonly accessTokenTtlSeconds: number }> &
  IfBound<B, "managesConnections", { readonly realtimeEndpoint: string }> &
  IfBound<B, "search", { readonly searchEndpoint: string }>;

const present = z.string().check(z.minLength(1));

/** Reads and checks a function's configuration for its declared bindings. */
export function loadBindings<const B extends FunctionBindings>(
  bindings: B,
  env: NodeJS.ProcessEnv = process.env,
): Bindings<B> {
  const queues = [
    ...new Set([...(bindings.sendsTo ?? []), ...(bindings.inspects ?? []), ...(bindings.redrives ?? [])]),
  ];
  const secrets = [...new Set([...(bindings.secrets ?? []), ...(bindings.describesSecrets ?? [])])];
  const usesTable = bindings.table !== undefined || bindings.describesTable === true;
  const usesBus = bindings.events === true || bindings.describesEventBus === true;
  const shape: Record<string, z.ZodMiniType> = { [envNames.stage]: present };
  if (usesTable) shape[envNames.table] = present;
  if (usesBus) shape[envNames.eventBus] = present;
  if (bindings.models) shape[envNames.agentModels] = z.optional(present);
  if (bindings.starterCredits)
    shape[envNames.starterCredits] = z.coerce.number().check(z.int(), z.minimum(0));
  if (bindings.accessTokenTtl)
    shape[envNames.accessTokenTtl] = z.coerce
      .number()
      .check(z.int(), z.minimum(ACCESS_TOKEN_TTL_RANGE.min), z.maximum(ACCESS_TOKEN_TTL_RANGE.max));
  if (bindings.managesConnections) shape[envNames.realtimeEndpoint] = z.url();
  if (bindings.search) shape[envNames.searchEndpoint] = z.url();
  for (const queue of queues) shape[envNames.queueUrl(queue)] = z.url();
  for (const secret of secrets) shape[envNames.secretId(secret)] = present;
  const config = loadConfig(z.object(shape), env) as Record<string, string | number | undefined>;

  const value = (name: string) => config[name] as string;
  const bound = (kind: string, name: string, list: readonly string[], variable: string) => {
    if (!list.includes(name)) throw new Error(`The function is not bound to ${kind} ${name}`);
    return value(variable);
  };
  return {
    declared: bindings,
    stage: value(envNames.stage),
    queueUrl: (queue: string) => bound("queue", queue, queues, envNames.queueUrl(queue)),
    secretId: (secret: string) => bound("secret", secret, secrets, envNames.secretId(secret)),
    ...(usesTable ? { tableName: value(envNames.table) } : {}),
    ...(usesBus ? { eventBusName: value(envNames.eventBus) } : {}),
    ...(bindings.models ? { agentModels: config[envNames.agentModels] } : {}),
    ...(bindings.starterCredits ? { starterCredits: config[envNames.starterCredits] } : {}),
    ...(bindings.accessTokenTtl ? { accessTokenTtlSeconds: config[envNames.accessTokenTtl] } : {}),
    ...(bindings.managesConnections ? { realtimeEndpoint: value(envNames.realtimeEndpoint) } : {}),
    ...(bindings.search ? { searchEndpoint: value(envNames.searchEndpoint) } : {}),
  } as Bindings<B>;
}

/** What a container consumer is told about its own queue and limits (`containerEnvironment`). */
export interface ContainerSettings {
  queueUrl: string;
  jobTimeoutSeconds: number;
  concurrency: number;
}

/** Reads and checks a container consumer's own settings, besides its bindings. */
export function loadContainerSettings(env: NodeJS.ProcessEnv = process.env): ContainerSettings {
  const count = z.coerce.number().check(z.int(), z.minimum(1));
  const config = loadConfig(
    z.object({
      [consumerEnvNames.queueUrl]: z.url(),
      [consumerEnvNames.jobTimeoutSeconds]: count,
      [consumerEnvNames.concurrency]: count,
    }),
    env,
  ) as Record<string, string | number>;
  return {
    queueUrl: String(config[consumerEnvNames.queueUrl]),
    jobTimeoutSeconds: Number(config[consumerEnvNames.jobTimeoutSeconds]),
    concurrency: Number(config[consumerEnvNames.concurrency]),
  };
}
