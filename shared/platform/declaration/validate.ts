import { taskCountOf } from "./container-scaling.ts";
import { frontDoorProblems } from "./edge.ts";
import { declaredFunctions } from "./functions.ts";
import { deadLetterQueueName } from "./naming.ts";
import { PUBLIC_ROUTES } from "./public-routes.ts";
import type {
  ApiDomainDeclaration,
  PlatformDeclaration,
  QueueDeclaration,
  RouteDeclaration,
  RouteKey,
} from "./types.ts";

/** The statuses a route's success may answer (`successStatuses`; 204 for a route that answers nothing). */
export function successStatusesOf(
  route: Pick<RouteDeclaration, "response" | "successStatuses">,
): readonly number[] {
  if (route.response?._zod.def.type === "undefined") return [204];
  return route.successStatuses ?? [200];
}

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

/** The declaration's default visibility timeout of a queue (`types.ts`). */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 60;

/**
 * AWS's advice for an SQS event source: a visibility timeout of at least six times the function's
 * timeout, plus the batching window, so a batch retried by Lambda is not delivered twice meanwhile.
 * The Fargate consumer keeps the same margin over its job timeout.
 */
export function visibilityTimeoutFor(consumerTimeoutSeconds: number, batchingWindowSeconds = 0): number {
  return 6 * consumerTimeoutSeconds + batchingWindowSeconds;
}

/**
 * The visibility timeout of a queue the declaration makes: a declared queue's own (or the default),
 * and for the DLQ derived from a job queue its source's, so that a consumer that fits a job queue fits
 * its DLQ too (AWS refuses an event-source mapping whose function outlasts the queue's visibility).
 * `undefined` for a name the declaration does not make.
 */
export function visibilityTimeoutOf(queues: readonly QueueDeclaration[], name: string): number | undefined {
  const queue =
    queues.find((q) => q.name === name) ??
    queues.find((q) => q.maxReceiveCount !== undefined && deadLetterQueueName(q.name) === name);
  return queue && (queue.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
}

/** Memory (MiB) Fargate accepts for each CPU size. */
const FARGATE_MEMORY: Record<number, (memoryMb: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  1024: (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  2048: (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  4096: (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
};

/**
 * What a consumer must satisfy against the queues it reads: the queue exists, it is read by nobody
 * else, and its visibility timeout is at least six times the consumer's timeout plus its batching
 * window (AWS's advice for Lambda: a message is not handed out again while a slow or retried
 * invocation still holds it). Lambda's mapping limits and a Fargate task's sizes are checked too.
 */
function consumerProblems(declaration: PlatformDeclaration): string[] {
  const problems: string[] = [];
  const consumedBy = new Map<string, string>();
  const consumes = (consumer: string, queue: string, timeoutSeconds: number, windowSeconds: number) => {
    const visibility = visibilityTimeoutOf(declaration.queues, queue);
    if (visibility === undefined) {
      problems.push(`consumer "${consumer}" reads undeclared queue "${queue}"`);
      return;
    }
    const other = consumedBy.get(queue);
    if (other !== undefined) problems.push(`queue "${queue}" is read by both "${other}" and "${consumer}"`);
    consumedBy.set(queue, consumer);
    const needed = visibilityTimeoutFor(timeoutSeconds, windowSeconds);
    if (visibility < needed) {
      problems.push(
        `queue "${queue}" has visibility timeout ${visibility}s, less than 6 × ${timeoutSeconds}s + ${windowSeconds}s = ${needed}s for its consumer "${consumer}"`,
      );
    }
  };
  const range = (what: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${what} is ${value}, outside ${min}–${max}`);
    }
  };

  for (const fn of declaration.queueFunctions) {
    const at = `queue function "${fn.name}"`;
    if (fn.queues.length === 0) problems.push(`${at} reads no queue`);
    range(`${at}'s batch size`, fn.batchSize, 1, 10);
    range(`${at}'s batching window`, fn.maxBatchingWindowSeconds, 0, 300);
    range(`${at}'s maximum concurrency`, fn.maxConcurrency, 2, 1000);
    for (const queue of fn.queues) {
      consumes(fn.name, queue, fn.timeoutSeconds ?? 10, fn.maxBatchingWindowSeconds);
    }
  }
  for (const container of declaration.containers) {
    const at = `container "${container.name}"`;
    range(`${at}'s job timeout`, container.timeoutSeconds, 1, 3600);
    range(`${at}'s concurrency`, container.concurrency, 1, 100);
    const tasks = taskCountOf(container);
    range(`${at}'s minimum task count`, tasks.min, 1, 100);
    // One scale-out step per task it can add; Application Auto Scaling allows 20 per policy.
    range(`${at}'s maximum task count`, tasks.max, tasks.min, Math.min(100, tasks.min + 20));
    if (!FARGATE_MEMORY[container.cpu]?.(container.memoryMb)) {
      problems.push(
        `${at} asks for ${container.memoryMb} MiB with ${container.cpu} CPU units, which Fargate does not offer`,
      );
    }
    consumes(container.name, container.queue, container.timeoutSeconds, 0);
  }
  for (const queue of declaration.queues) {
    range(
      `queue "${queue.name}"'s visibility timeout`,
      visibilityTimeoutOf(declaration.queues, queue.name) ?? 0,
      0,
      43_200,
    );
  }
  return problems;
}

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
  unique("consumer", [
    ...declaration.queueFunctions.map((q) => q.name),
    ...declaration.containers.map((c) => c.name),
  ]);
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
  // Only a job queue's DLQ has a source queue to move messages back to (`events-dlq` is fed by EventBridge).
  const redrivable = new Set(
    declaration.queues.flatMap((q) => (q.maxReceiveCount === undefined ? [] : [deadLetterQueueName(q.name)])),
  );
  const secretNames = new Set(declaration.secrets.map((s) => s.name));
  const bound = [
    ...declaredFunctions(declaration).map((f) => f.declaration),
    ...declaration.containers.map((c) => ({ entry: c.entry, bindings: c.bindings })),
  ];
  for (const fn of bound) {
    for (const q of [...(fn.bindings?.sendsTo ?? []), ...(fn.bindings?.inspects ?? [])]) {
      if (!queueNames.has(q)) problems.push(`${fn.entry} is bound to undeclared queue "${q}"`);
    }
    for (const q of fn.bindings?.redrives ?? []) {
      if (!redrivable.has(q)) {
        problems.push(
          `${fn.entry} redrives "${q}", which is not the dead-letter queue of a declared job queue`,
        );
      }
    }
    for (const s of [...(fn.bindings?.secrets ?? []), ...(fn.bindings?.describesSecrets ?? [])]) {
      if (!secretNames.has(s)) problems.push(`${fn.entry} is bound to undeclared secret "${s}"`);
    }
  }
  for (const fn of declaredFunctions(declaration).map((f) => f.declaration)) {
    const timeout = fn.timeoutSeconds ?? 10;
    if (timeout < 1 || timeout > 900) problems.push(`${fn.entry} has timeout ${timeout}s outside 1–900`);
  }
  problems.push(...consumerProblems(declaration));
  problems.push(...frontDoorProblems(declaration));
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
