import type { FunctionDeclaration, PlatformDeclaration } from "./types.ts";

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
} as const;

export interface DeclaredFunction {
  /** `authorizer`, `api-<domain>`, `consumer-<name>`, `rule-<name>` or `schedule-<name>`. */
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
