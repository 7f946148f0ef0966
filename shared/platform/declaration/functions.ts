import type {
  AuthorizerDeclaration,
  FunctionBindings,
  FunctionDeclaration,
  PlatformDeclaration,
} from "./types.ts";

/**
 * Each function's id within the declaration; its deployed name is `resourceName(app, stage, id)`.
 * The CDK app and the local cloud both name functions through these.
 */
export const functionIds = {
  authorizer: "authorizer",
  api: (domain: string) => `api-${domain}`,
  consumer: (name: string) => `consumer-${name}`,
  rule: (name: string) => `rule-${name}`,
  schedule: (name: string) => `schedule-${name}`,
  /** The WebSocket API's authorizer (`authorizer`) or the function of a route (`$connect` → `connect`). */
  realtime: (routeKeyOrAuthorizer: string) => `realtime-${routeKeyOrAuthorizer.replace(/^\$/, "")}`,
} as const;

export interface DeclaredFunction {
  /** `authorizer`, `api-<domain>`, `consumer-<name>`, `rule-<name>`, `schedule-<name>` or `realtime-<route>`. */
  id: string;
  /** What the function serves (`POWERTOOLS_SERVICE_NAME`): `authorizer`, the domain, the rule or the schedule. */
  service: string;
  declaration: FunctionDeclaration;
}

/** Every function of a declaration, in a stable order. */
export function declaredFunctions(declaration: PlatformDeclaration): DeclaredFunction[] {
  return [
    { id: functionIds.authorizer, service: "authorizer", declaration: declaration.authorizer },
    ...declaration.api.map((d) => ({ id: functionIds.api(d.domain), service: d.domain, declaration: d })),
    ...declaration.queueFunctions.map((q) => ({
      id: functionIds.consumer(q.name),
      service: q.name,
      declaration: q,
    })),
    ...declaration.eventRules.map((r) => ({
      id: functionIds.rule(r.name),
      service: r.name,
      declaration: r.target,
    })),
    ...declaration.schedules.map((s) => ({
      id: functionIds.schedule(s.name),
      service: s.name,
      declaration: s.target,
    })),
    ...realtimeFunctions(declaration),
  ];
}

/** The WebSocket API's functions: its authorizer, then one per route key (service `realtime`). */
export function realtimeFunctions(declaration: PlatformDeclaration): DeclaredFunction[] {
  const realtime = declaration.realtime;
  if (realtime === undefined) return [];
  return [
    { id: functionIds.realtime("authorizer"), service: "realtime", declaration: realtime.authorizer },
    ...Object.entries(realtime.routes).map(([routeKey, fn]) => ({
      id: functionIds.realtime(routeKey),
      service: "realtime",
      declaration: fn,
    })),
  ];
}

/** The secrets extension's cache TTL of a function that declares none: the extension's own maximum. */
export const DEFAULT_SECRETS_CACHE_TTL_SECONDS = 300;

/**
 * How long the secrets extension caches a secret for a function (`SECRETS_MANAGER_TTL`): as declared,
 * else 0 for the HTTP API's authorizer and the default for any other. The authorizer's own caches
 * decide when it reads the keys and the origin secret again (an unknown key id, a header matching
 * neither value); a second cache in the extension would only delay what a rotation relies on.
 */
export function secretsCacheTtlSeconds(fn: FunctionDeclaration | AuthorizerDeclaration): number {
  return fn.secretsCacheTtlSeconds ?? ("identitySource" in fn ? 0 : DEFAULT_SECRETS_CACHE_TTL_SECONDS);
}

/** Something that runs with a role of its own: a function, or a container consumer's task. */
export interface DeclaredPrincipal {
  /** The function's id, or `consumer-<name>` for a container consumer (its task definition's family). */
  id: string;
  /** What it serves (`POWERTOOLS_SERVICE_NAME`). */
  service: string;
  entry: string;
  bindings: FunctionBindings | undefined;
}

/**
 * Every principal of a declaration — each function's execution role and each container consumer's
 * task role — in a stable order. Deployed names are `resourceName(app, stage, id)`.
 */
export function declaredPrincipals(declaration: PlatformDeclaration): DeclaredPrincipal[] {
  return [
    ...declaredFunctions(declaration).map((f) => ({
      id: f.id,
      service: f.service,
      entry: f.declaration.entry,
      bindings: f.declaration.bindings,
    })),
    ...declaration.containers.map((c) => ({
      id: functionIds.consumer(c.name),
      service: c.name,
      entry: c.entry,
      bindings: c.bindings,
    })),
  ];
}

/**
 * The runtime variables every function gets besides its bindings: Powertools' service, metrics
 * namespace and log level, and source maps for stack traces. One list for CDK and the local cloud.
 */
export function runtimeEnvironment(options: {
  app: string;
  service: string;
  logLevel: string;
}): Record<string, string> {
  return {
    NODE_OPTIONS: "--enable-source-maps",
    POWERTOOLS_SERVICE_NAME: options.service,
    POWERTOOLS_METRICS_NAMESPACE: options.app,
    POWERTOOLS_LOG_LEVEL: options.logLevel,
  };
}
