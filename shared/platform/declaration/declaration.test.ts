import { describe, expect, it } from "vitest";
import { platform } from "./platform.ts";
import { PUBLIC_ROUTES } from "./public-routes.ts";
import type { PlatformDeclaration } from "./types.ts";
import { declarationProblems, listRoutes, pathParamNames } from "./validate.ts";

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

  it("reads path parameter names, greedy ones included", () => {
    expect(pathParamNames("/api/t/{tenantId}/files/{proxy+}")).toEqual(["tenantId", "proxy"]);
  });
});
