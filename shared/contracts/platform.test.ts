import { describe, expect, it } from "vitest";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { PUBLIC_ROUTES } from "#shared/platform/declaration/public-routes";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { declarationProblems, listRoutes, pathParamNames } from "#shared/platform/declaration/validate";
import { platform } from "./platform.ts";

describe("the public allow-list", () => {
  it("is exactly health, sign-up, sign-in, refresh and the JWKS: changing it means changing this test", () => {
    expect([...PUBLIC_ROUTES].sort()).toEqual([
      "GET /api/auth/v1/jwks",
      "GET /api/health/live",
      "GET /api/health/ready",
      "POST /api/auth/v1/login",
      "POST /api/auth/v1/refresh",
      "POST /api/auth/v1/register",
    ]);
  });

  it("marks as public exactly the declared routes it names, and every other route declares access", () => {
    for (const { key, route, public: isPublic } of listRoutes(platform)) {
      expect(isPublic, key).toBe(PUBLIC_ROUTES.includes(key));
      expect(route.access === undefined, key).toBe(isPublic);
    }
  });
});

describe("the platform declaration", () => {
  it("has no problems", () => {
    expect(declarationProblems(platform)).toEqual([]);
  });

  const base: PlatformDeclaration = {
    ...platform,
    api: [
      {
        domain: "content",
        entry: "functions/api/content/handler.ts",
        routes: {
          list: {
            method: "GET",
            path: "/api/dm/v1/tenants/{tenantId}/content",
            summary: "x",
            access: { role: "reviewer", tenant: { from: "path", param: "tenantId" } },
          },
        },
      },
    ],
  };

  it("refuses a route that declares no access and is not on the allow-list", () => {
    const problems = declarationProblems(
      {
        ...base,
        api: [
          {
            ...base.api[0],
            domain: "content",
            entry: "x.ts",
            routes: { a: { method: "GET", path: "/api/x", summary: "x" } },
          },
        ],
      },
      [],
    );
    expect(problems).toContain("route GET /api/x declares no access and is not on the public allow-list");
  });

  it("refuses a public route that also declares access, and an allow-list entry nobody declares", () => {
    const problems = declarationProblems(base, [
      "GET /api/dm/v1/tenants/{tenantId}/content",
      "GET /api/nowhere",
    ]);
    expect(problems).toContain(
      "route GET /api/dm/v1/tenants/{tenantId}/content is on the public allow-list but declares access",
    );
    expect(problems).toContain("public allow-list names GET /api/nowhere, which no domain declares");
  });

  it("refuses path parameters without a params schema and a token tenant on a staff route", () => {
    const problems = declarationProblems(
      {
        ...base,
        api: [
          {
            domain: "content",
            entry: "x.ts",
            routes: {
              a: {
                method: "GET",
                path: "/api/x/{id}",
                summary: "x",
                access: { role: "reviewer", tenant: { from: "token" } },
              },
            },
          },
        ],
      },
      [],
    );
    expect(problems).toContain("route GET /api/x/{id} has path parameters but no params schema");
    expect(problems).toContain(
      "route GET /api/x/{id} takes its tenant from the token but requires staff role reviewer",
    );
  });

  it("refuses duplicate route keys and bindings to undeclared queues", () => {
    const route = {
      method: "GET",
      path: "/api/a",
      summary: "x",
      access: { role: "any", tenant: { from: "none" } },
    } as const;
    const problems = declarationProblems(
      {
        ...base,
        api: [
          { domain: "one", entry: "a.ts", routes: { a: route }, bindings: { sendsTo: ["nope"] } },
          { domain: "two", entry: "b.ts", routes: { a: route } },
        ],
      },
      [],
    );
    expect(problems).toContain("route GET /api/a is declared twice");
    expect(problems).toContain('a.ts is bound to undeclared queue "nope"');
  });

  it("accepts a binding to a job queue's derived dead-letter queue", () => {
    const problems = declarationProblems(
      {
        ...base,
        queues: [...base.queues, { name: "jobs", purpose: "x", maxReceiveCount: 5 }],
        api: [
          {
            ...base.api[0],
            domain: "content",
            entry: "x.ts",
            routes: base.api[0]?.routes ?? {},
            bindings: { inspects: ["jobs-dlq"] },
          },
        ],
      },
      [],
    );
    expect(problems.filter((p) => p.includes("undeclared queue"))).toEqual([]);
  });

  it("refuses a redrive binding to anything but a job queue's dead-letter queue", () => {
    const problems = declarationProblems(
      {
        ...base,
        queues: [...base.queues, { name: "jobs", purpose: "x", maxReceiveCount: 5 }],
        api: [
          {
            ...base.api[0],
            domain: "ops",
            entry: "x.ts",
            routes: base.api[0]?.routes ?? {},
            bindings: { redrives: ["jobs-dlq", "jobs", "events-dlq"] },
          },
        ],
      },
      [],
    );
    expect(problems.filter((p) => p.includes("redrives"))).toEqual([
      'x.ts redrives "jobs", which is not the dead-letter queue of a declared job queue',
      'x.ts redrives "events-dlq", which is not the dead-letter queue of a declared job queue',
    ]);
  });

  it("reads path parameter names, greedy ones included", () => {
    expect(pathParamNames("/api/t/{tenantId}/files/{proxy+}")).toEqual(["tenantId", "proxy"]);
  });
});

describe("the declaration's queue consumers", () => {
  const jobs = { name: "jobs", purpose: "x", visibilityTimeoutSeconds: 400, maxReceiveCount: 5 } as const;
  const consumer = {
    name: "jobs-worker",
    entry: "worker.ts",
    timeoutSeconds: 60,
    queues: ["jobs"],
    batchSize: 5,
    maxBatchingWindowSeconds: 20,
    maxConcurrency: 10,
  } as const;
  const container = {
    name: "long-worker",
    queue: "long",
    entry: "long.ts",
    timeoutSeconds: 900,
    concurrency: 2,
    cpu: 1024,
    memoryMb: 2048,
  } as const;
  const withConsumers = (
    consumers: Partial<Pick<PlatformDeclaration, "queues" | "queueFunctions" | "containers">>,
  ): PlatformDeclaration => ({
    ...platform,
    queues: [
      ...platform.queues,
      jobs,
      { name: "long", purpose: "x", visibilityTimeoutSeconds: 5400, maxReceiveCount: 5 },
    ],
    queueFunctions: [consumer],
    containers: [container],
    ...consumers,
  });
  const consumerProblems = (declaration: PlatformDeclaration) =>
    declarationProblems(declaration).filter((p) => /consumer|queue|container/.test(p));

  it("accepts consumers whose queues hold a message for six timeouts plus the batching window", () => {
    // 6 × 60 + 20 = 380 ≤ 400; 6 × 900 = 5400 ≤ 5400.
    expect(consumerProblems(withConsumers({}))).toEqual([]);
  });

  it("refuses a queue whose visibility timeout is shorter than six consumer timeouts plus the window", () => {
    const problems = consumerProblems(
      withConsumers({
        queueFunctions: [{ ...consumer, maxBatchingWindowSeconds: 41 }],
        containers: [{ ...container, timeoutSeconds: 901 }],
      }),
    );
    expect(problems).toEqual([
      'queue "jobs" has visibility timeout 400s, less than 6 × 60s + 41s = 401s for its consumer "jobs-worker"',
      'queue "long" has visibility timeout 5400s, less than 6 × 901s + 0s = 5406s for its consumer "long-worker"',
    ]);
  });

  it("holds a dead-letter queue's consumer to its source queue's visibility timeout, which the DLQ gets", () => {
    const failures = { ...consumer, name: "failures", queues: ["jobs-dlq"], timeoutSeconds: 64 };
    expect(
      consumerProblems(
        withConsumers({ queueFunctions: [consumer, { ...failures, maxBatchingWindowSeconds: 0 }] }),
      ),
    ).toEqual([]);
    expect(consumerProblems(withConsumers({ queueFunctions: [consumer, failures] }))).toEqual([
      'queue "jobs-dlq" has visibility timeout 400s, less than 6 × 64s + 20s = 404s for its consumer "failures"',
    ]);
  });

  it("refuses a consumer of no queue or an undeclared one, and a queue read by two consumers", () => {
    const problems = consumerProblems(
      withConsumers({
        queueFunctions: [
          consumer,
          { ...consumer, name: "nowhere", queues: ["missing", "events-dlq-dlq"] },
          { ...consumer, name: "idle", queues: [] },
        ],
        containers: [{ ...container, queue: "jobs", timeoutSeconds: 10 }],
      }),
    );
    expect(problems).toEqual([
      'consumer "nowhere" reads undeclared queue "missing"',
      'consumer "nowhere" reads undeclared queue "events-dlq-dlq"',
      'queue function "idle" reads no queue',
      'queue "jobs" is read by both "jobs-worker" and "long-worker"',
    ]);
  });

  it("refuses batch sizes, windows, concurrency and job timeouts outside what Lambda and the workers allow", () => {
    const problems = consumerProblems(
      withConsumers({
        queueFunctions: [{ ...consumer, batchSize: 11, maxBatchingWindowSeconds: -1, maxConcurrency: 1 }],
        containers: [{ ...container, timeoutSeconds: 0 }],
      }),
    );
    expect(problems).toEqual([
      `queue function "jobs-worker"'s batch size is 11, outside 1–10`,
      `queue function "jobs-worker"'s batching window is -1, outside 0–300`,
      `queue function "jobs-worker"'s maximum concurrency is 1, outside 2–1000`,
      `container "long-worker"'s job timeout is 0, outside 1–3600`,
    ]);
    expect(
      consumerProblems(
        withConsumers({
          queues: [
            ...platform.queues,
            { ...jobs, visibilityTimeoutSeconds: 43_201 },
            { name: "long", purpose: "x", maxReceiveCount: 5 },
          ],
          queueFunctions: [
            { ...consumer, batchSize: 0, maxBatchingWindowSeconds: 301, maxConcurrency: 1001 },
          ],
          containers: [{ ...container, timeoutSeconds: 3601 }],
        }),
      ),
    ).toEqual([
      `queue function "jobs-worker"'s batch size is 0, outside 1–10`,
      `queue function "jobs-worker"'s batching window is 301, outside 0–300`,
      `queue function "jobs-worker"'s maximum concurrency is 1001, outside 2–1000`,
      `container "long-worker"'s job timeout is 3601, outside 1–3600`,
      'queue "long" has visibility timeout 60s, less than 6 × 3601s + 0s = 21606s for its consumer "long-worker"',
      `queue "jobs"'s visibility timeout is 43201, outside 0–43200`,
    ]);
  });

  it("refuses a task range that is empty, below one task, over 100, or wider than a policy's 20 steps", () => {
    const problems = (tasks: { min: number; max: number }) =>
      consumerProblems(withConsumers({ containers: [{ ...container, tasks }] }));
    expect(problems({ min: 1, max: 5 })).toEqual([]);
    expect(problems({ min: 1, max: 21 })).toEqual([]);
    expect(problems({ min: 3, max: 2 })).toEqual([
      `container "long-worker"'s maximum task count is 2, outside 3–23`,
    ]);
    expect(problems({ min: 0, max: 2 })).toEqual([
      `container "long-worker"'s minimum task count is 0, outside 1–100`,
    ]);
    expect(problems({ min: 1, max: 22 })).toEqual([
      `container "long-worker"'s maximum task count is 22, outside 1–21`,
    ]);
    expect(problems({ min: 90, max: 101 })).toEqual([
      `container "long-worker"'s maximum task count is 101, outside 90–100`,
    ]);
  });

  it("refuses a Fargate size Fargate does not offer, and two consumers of one name", () => {
    const problems = consumerProblems(
      withConsumers({
        queueFunctions: [{ ...consumer, name: "long-worker" }],
        containers: [{ ...container, cpu: 512, memoryMb: 512 }],
      }),
    );
    expect(problems).toEqual([
      'consumer "long-worker" is declared twice',
      'container "long-worker" asks for 512 MiB with 512 CPU units, which Fargate does not offer',
    ]);
  });
});

describe("the agents' queues", () => {
  it("sends an agent's runs to agent-<role>", () => {
    expect(AGENT_ROLES.map(agentQueueName)).toEqual([
      "agent-setup",
      "agent-strategy-writer",
      "agent-blog-writer",
      "agent-social-post-writer",
    ]);
  });
});
