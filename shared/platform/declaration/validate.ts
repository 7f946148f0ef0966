import { declaredFunctions } from "./functions.ts";
import { deadLetterQueueName } from "./naming.ts";
import { PUBLIC_ROUTES } from "./public-routes.ts";
import type { ApiDomainDeclaration, PlatformDeclaration, RouteDeclaration, RouteKey } from "./types.ts";

/** The API Gateway route key of a declared route, e.g. `GET /api/health/live`. */
export function routeKeyOf(route: Pick<RouteDeclaration, "method" | "path">): RouteKey {
  return `${route.method} ${route.path}`;
}

/** Names of the `{param}` / `{param+}` segments of a path template. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => m[1] as string);
}

export function isPublicRoute(key: string, allowList: readonly string[] = PUBLIC_ROUTES): boolean {
  return allowList.includes(key);
}

export interface DeclaredRoute {
  key: RouteKey;
  domain: ApiDomainDeclaration;
  route: RouteDeclaration;
  public: boolean;
}

/** Every declared route with its owning domain, in declaration order. */
export function listRoutes(declaration: PlatformDeclaration): DeclaredRoute[] {
  return declaration.api.flatMap((domain) =>
    Object.values(domain.routes).map((route) => {
      const key = routeKeyOf(route);
      return { key, domain, route, public: isPublicRoute(key) };
    }),
  );
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Checks the rules the type system cannot: unique names and route keys, path templates that match
 * their path schemas, public routes exactly those on the allow-list, tenant sources that fit the
 * role. Returns every problem found; `assertValidDeclaration` throws them all at once.
 */
export function declarationProblems(
  declaration: PlatformDeclaration,
  allowList: readonly string[] = PUBLIC_ROUTES,
): string[] {
  const problems: string[] = [];
  const seenKeys = new Set<string>();
  const seenDomains = new Set<string>();
  for (const domain of declaration.api) {
    if (!NAME.test(domain.domain)) problems.push(`domain name "${domain.domain}" is not kebab-case`);
    if (seenDomains.has(domain.domain)) problems.push(`domain "${domain.domain}" is declared twice`);
    seenDomains.add(domain.domain);
    for (const route of Object.values(domain.routes)) {
      const key = routeKeyOf(route);
      if (seenKeys.has(key)) problems.push(`route ${key} is declared twice`);
      seenKeys.add(key);
      if (!route.path.startsWith("/api/")) problems.push(`route ${key} is not under /api/`);
      const listed = allowList.includes(key);
      if (listed && route.access)
        problems.push(`route ${key} is on the public allow-list but declares access`);
      if (!listed && !route.access)
        problems.push(`route ${key} declares no access and is not on the public allow-list`);
      const params = pathParamNames(route.path);
      if (params.length > 0 && !route.params)
        problems.push(`route ${key} has path parameters but no params schema`);
      if (params.length === 0 && route.params)
        problems.push(`route ${key} has a params schema but no path parameters`);
      if (route.body && (route.method === "GET" || route.method === "DELETE")) {
        problems.push(`route ${key} declares a body on ${route.method}`);
      }
      const access = route.access;
      if (access?.tenant.from === "token" && access.role !== "member" && access.role !== "admin") {
        problems.push(`route ${key} takes its tenant from the token but requires staff role ${access.role}`);
      }
      if (access?.tenant.from === "path" && !params.includes(access.tenant.param)) {
        problems.push(
          `route ${key} takes its tenant from path parameter "${access.tenant.param}", which it lacks`,
        );
      }
    }
  }
  for (const key of allowList) {
    if (!seenKeys.has(key)) problems.push(`public allow-list names ${key}, which no domain declares`);
  }
  const unique = (kind: string, names: readonly string[]) => {
    const seen = new Set<string>();
    for (const name of names) {
      if (!NAME.test(name)) problems.push(`${kind} name "${name}" is not kebab-case`);
      if (seen.has(name)) problems.push(`${kind} "${name}" is declared twice`);
      seen.add(name);
    }
  };
  unique(
    "queue",
    declaration.queues.map((q) => q.name),
  );
  unique(
    "event rule",
    declaration.eventRules.map((r) => r.name),
  );
  unique(
    "schedule",
    declaration.schedules.map((s) => s.name),
  );
  unique(
    "secret",
    declaration.secrets.map((s) => s.name),
  );
  // A job queue's DLQ is derived, not declared, but functions (ops, health) may still be bound to it.
  for (const secret of declaration.secrets) {
    const source = typeof secret.localValue === "object" ? secret.localValue.publicKeysOf : undefined;
    if (source === undefined) continue;
    const of = declaration.secrets.find((s) => s.name === source);
    if (of?.localValue !== "es256-jwk-set") {
      problems.push(
        `secret "${secret.name}" holds the public keys of "${source}", which is not a declared key set`,
      );
    }
  }
  for (const queue of declaration.queues) {
    if (
      queue.maxReceiveCount !== undefined &&
      declaration.queues.some((q) => q.name === deadLetterQueueName(queue.name))
    ) {
      problems.push(
        `queue "${deadLetterQueueName(queue.name)}" is declared and is also the DLQ derived from "${queue.name}"`,
      );
    }
  }
  const queueNames = new Set(
    declaration.queues.flatMap((q) =>
      q.maxReceiveCount === undefined ? [q.name] : [q.name, deadLetterQueueName(q.name)],
    ),
  );
  const secretNames = new Set(declaration.secrets.map((s) => s.name));
  const functions = declaredFunctions(declaration).map((f) => f.declaration);
  for (const fn of functions) {
    for (const q of [...(fn.bindings?.sendsTo ?? []), ...(fn.bindings?.inspects ?? [])]) {
      if (!queueNames.has(q)) problems.push(`${fn.entry} is bound to undeclared queue "${q}"`);
    }
    for (const s of [...(fn.bindings?.secrets ?? []), ...(fn.bindings?.describesSecrets ?? [])]) {
      if (!secretNames.has(s)) problems.push(`${fn.entry} is bound to undeclared secret "${s}"`);
    }
    const timeout = fn.timeoutSeconds ?? 10;
    if (timeout < 1 || timeout > 900) problems.push(`${fn.entry} has timeout ${timeout}s outside 1–900`);
  }
  const ttl = declaration.authorizer.resultsCacheTtlSeconds ?? 30;
  if (ttl < 0 || ttl > 60) problems.push(`authorizer cache TTL ${ttl}s is outside 0–60`);
  return problems;
}

export function assertValidDeclaration(
  declaration: PlatformDeclaration,
  allowList?: readonly string[],
): void {
  const problems = declarationProblems(declaration, allowList);
  if (problems.length > 0) {
    throw new Error(`The platform declaration is invalid:\n- ${problems.join("\n- ")}`);
  }
}
