import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { StaleVersionError } from "#shared/domain/errors";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { createApiHandler } from "./api-handler.ts";
import { created, ok } from "./reply.ts";
import { httpEvent, lambdaContext } from "./testing/events.ts";

const routes = {
  create: {
    method: "POST",
    path: "/api/tenant/v1/notes",
    summary: "create",
    access: { role: "member", tenant: { from: "token" } },
    body: z.strictObject({ title: z.string().check(z.minLength(1)), tags: z.optional(z.array(z.string())) }),
    maxBodyBytes: 200,
  },
  get: {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/notes/{noteId}",
    summary: "get",
    access: { role: "reviewer", tenant: { from: "path", param: "tenantId" } },
    params: z.object({ tenantId: z.string(), noteId: z.string().check(z.regex(/^[0-9A-Z]{26}$/)) }),
    query: z.strictObject({ fields: z.optional(z.string()) }),
  },
  conflict: {
    method: "PUT",
    path: "/api/tenant/v1/notes",
    summary: "always stale",
    access: { role: "admin", tenant: { from: "token" } },
  },
  boom: { method: "GET", path: "/api/health/boom", summary: "throws" },
} as const satisfies Record<string, RouteDeclaration>;

const domain = { domain: "notes", entry: "x.ts", routes } as const satisfies ApiDomainDeclaration;
const tenantUser = { userId: "u1", role: "member", tenantId: "t1", jti: "j1" };
const reviewer = { userId: "r1", role: "reviewer", jti: "j2" };
const assignments = new Set(["r1:t9"]);

const seen: unknown[] = [];
function build() {
  return createApiHandler(
    domain,
    {
      create: async ({ body, auth }) => {
        seen.push({ body, tenant: auth.tenantId });
        return created({ title: body.title, tenantId: auth.tenantId, by: auth.principal.userId });
      },
      get: async ({ params, auth, query }) =>
        ok({ noteId: params.noteId, tenantId: auth.tenantId, fields: query.fields ?? null }),
      conflict: async () => {
        throw new StaleVersionError("stale");
      },
      boom: async () => {
        throw new Error("database password is hunter2");
      },
    },
    { isAssigned: async (reviewerId, tenantId) => assignments.has(`${reviewerId}:${tenantId}`) },
  );
}

async function call(event: ReturnType<typeof httpEvent>) {
  const result = (await build()(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

const json = { "content-type": "application/json" };

describe("createApiHandler", () => {
  it("passes validated input and the token's tenant to the route, and answers in JSON", async () => {
    const res = await call(
      httpEvent({
        routeKey: "POST /api/tenant/v1/notes",
        headers: json,
        body: '{"title":"hi"}',
        authorizer: tenantUser,
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json).toEqual({ title: "hi", tenantId: "t1", by: "u1" });
    expect(res.headers?.["content-type"]).toContain("application/json");
  });

  it("takes the tenant from the path for a reviewer assigned to it", async () => {
    const res = await call(
      httpEvent({
        routeKey: "GET /api/dm/v1/tenants/{tenantId}/notes/{noteId}",
        path: "/api/dm/v1/tenants/t9/notes/01J0000000000000000000000A",
        pathParameters: { tenantId: "t9", noteId: "01J0000000000000000000000A" },
        authorizer: reviewer,
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ noteId: "01J0000000000000000000000A", tenantId: "t9", fields: null });
  });

  it("echoes a well-formed x-request-id and otherwise uses the gateway's request id", async () => {
    const supplied = await call(
      httpEvent({ routeKey: "GET /api/health/boom", headers: { "x-request-id": "abc-123" } }),
    );
    expect(supplied.headers?.["x-request-id"]).toBe("abc-123");
    expect(supplied.json.error.requestId).toBe("abc-123");
    const hostile = await call(
      httpEvent({ routeKey: "GET /api/health/boom", headers: { "x-request-id": "a b\nc" } }),
    );
    expect(hostile.headers?.["x-request-id"]).toBe("gw-request-id");
  });

  it("answers 400 VALIDATION_ERROR listing every bad field, and never calls the route", async () => {
    seen.length = 0;
    const res = await call(
      httpEvent({
        routeKey: "POST /api/tenant/v1/notes",
        headers: json,
        body: '{"title":"","tags":[1],"admin":true}',
        authorizer: tenantUser,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_ERROR");
    const paths = res.json.error.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(["admin", "tags.0", "title"]);
    expect(seen).toEqual([]);
  });

  it("names each problem by the client's own path, in words for people rather than the schema's", async () => {
    const res = await call(
      httpEvent({
        routeKey: "POST /api/tenant/v1/notes",
        headers: json,
        body: '{"tags":["a",5]}',
        authorizer: tenantUser,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.error.fields).toEqual([
      { in: "body", path: "title", message: "Required" },
      { in: "body", path: "tags.1", message: "Must be text" },
    ]);
    const invalidId = await call(
      httpEvent({
        routeKey: "GET /api/dm/v1/tenants/{tenantId}/notes/{noteId}",
        pathParameters: { tenantId: "t9", noteId: "not-a-ulid" },
        authorizer: reviewer,
      }),
    );
    expect(invalidId.json.error.fields).toEqual([
      { in: "path", path: "noteId", message: "Is not in the expected format" },
    ]);
    expect(JSON.stringify(invalidId.json)).not.toContain("[0-9A-Z]");
  });

  it("lists the first 50 problems of a body with more, and says how many there were", async () => {
    const res = await call(
      httpEvent({
        routeKey: "POST /api/tenant/v1/notes",
        headers: json,
        body: JSON.stringify({ title: "x", tags: Array.from({ length: 60 }, () => 0) }),
        authorizer: tenantUser,
      }),
    );
    // 60 numbers fit the 200-byte limit: the answer lists 50 of the 60 problems.
    expect(res.statusCode).toBe(400);
    expect(res.json.error.message).toBe("The request is invalid: 60 problems, the first 50 listed");
    expect(res.json.error.fields).toHaveLength(50);
    expect(res.json.error.fields[49]).toEqual({ in: "body", path: "tags.49", message: "Must be text" });
  });

  it.each([
    ["malformed JSON", { headers: json, body: '{"title":' }, 400, "MALFORMED_JSON"],
    [
      "a wrong content type",
      { headers: { "content-type": "text/plain" }, body: "title=x" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "an oversized body",
      { headers: json, body: JSON.stringify({ title: "x".repeat(300) }) },
      413,
      "PAYLOAD_TOO_LARGE",
    ],
    ["a missing body", { headers: json }, 400, "VALIDATION_ERROR"],
    [
      "a JSON Patch document (a +json type that is not application/json)",
      { headers: { "content-type": "application/json-patch+json" }, body: '{"title":"x"}' },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "JSON-LD",
      { headers: { "content-type": "application/ld+json" }, body: '{"title":"x"}' },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
  ])("refuses %s in the standard shape", async (_name, request, status, code) => {
    seen.length = 0;
    const res = await call(
      httpEvent({ routeKey: "POST /api/tenant/v1/notes", authorizer: tenantUser, ...request }),
    );
    expect(res.statusCode).toBe(status);
    expect(res.json).toEqual({ error: expect.objectContaining({ code, requestId: "gw-request-id" }) });
    expect(seen).toEqual([]);
  });

  it.each(["application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"])(
    "accepts JSON as %s",
    async (contentType) => {
      const res = await call(
        httpEvent({
          routeKey: "POST /api/tenant/v1/notes",
          authorizer: tenantUser,
          headers: { "content-type": contentType },
          body: '{"title":"x"}',
        }),
      );
      expect(res.statusCode).toBe(201);
    },
  );

  it("refuses query parameters and a body on a route that declares neither, and never calls it", async () => {
    const withQuery = await call(
      httpEvent({
        routeKey: "PUT /api/tenant/v1/notes",
        query: { since: "x" },
        authorizer: { ...tenantUser, role: "admin" },
      }),
    );
    expect(withQuery.statusCode).toBe(400);
    expect(withQuery.json.error.fields).toEqual([{ in: "query", path: "since", message: "Unknown field" }]);
    const withBody = await call(
      httpEvent({
        routeKey: "PUT /api/tenant/v1/notes",
        headers: json,
        body: "{}",
        authorizer: { ...tenantUser, role: "admin" },
      }),
    );
    expect(withBody.statusCode).toBe(400);
    expect(withBody.json.error.fields).toEqual([
      { in: "body", path: "(root)", message: "This route takes no request body" },
    ]);
  });

  it("refuses invalid path parameters and unknown query fields", async () => {
    const res = await call(
      httpEvent({
        routeKey: "GET /api/dm/v1/tenants/{tenantId}/notes/{noteId}",
        pathParameters: { tenantId: "t9", noteId: "not-a-ulid" },
        query: { evil: "1" },
        authorizer: reviewer,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.error.fields).toEqual([
      expect.objectContaining({ in: "path", path: "noteId" }),
      { in: "query", path: "evil", message: "Unknown field" },
    ]);
  });

  it("maps application errors to their status and hides everything else behind a generic 500", async () => {
    const conflict = await call(
      httpEvent({ routeKey: "PUT /api/tenant/v1/notes", authorizer: { ...tenantUser, role: "admin" } }),
    );
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json.error.code).toBe("DATA.STALE_VERSION");
    const boom = await call(httpEvent({ routeKey: "GET /api/health/boom" }));
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain("hunter2");
    expect(boom.json.error).toEqual({
      code: "INTERNAL_ERROR",
      message: "Internal server error",
      requestId: "gw-request-id",
    });
  });

  it("answers 404 for an unknown route and 405 with Allow for a known path with another method", async () => {
    const missing = await call(httpEvent({ routeKey: "GET /api/nowhere" }));
    expect(missing.statusCode).toBe(404);
    expect(missing.json.error.code).toBe("ROUTE_NOT_FOUND");
    const wrongMethod = await call(httpEvent({ routeKey: "DELETE /api/tenant/v1/notes" }));
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.allow).toBe("POST, PUT");
  });

  it("fails closed with 500 when a protected route arrives without an authorizer context", async () => {
    const res = await call(
      httpEvent({ routeKey: "POST /api/tenant/v1/notes", headers: json, body: '{"title":"x"}' }),
    );
    expect(res.statusCode).toBe(500);
  });

  it("refuses with 403 a reviewer not assigned to the path's tenant, and a tenant user naming another tenant", async () => {
    const path = (tenantId: string) => ({
      routeKey: "GET /api/dm/v1/tenants/{tenantId}/notes/{noteId}",
      path: `/api/dm/v1/tenants/${tenantId}/notes/01J0000000000000000000000A`,
      pathParameters: { tenantId, noteId: "01J0000000000000000000000A" },
    });
    const unassigned = await call(httpEvent({ ...path("t8"), authorizer: reviewer }));
    expect(unassigned.statusCode).toBe(403);
    expect(unassigned.json.error.code).toBe("FORBIDDEN");
    const probing = await call(
      httpEvent({ ...path("t8"), pathParameters: { tenantId: "t8", noteId: "bad" }, authorizer: reviewer }),
    );
    expect(probing.statusCode).toBe(403);
    const superAdmin = await call(
      httpEvent({ ...path("t8"), authorizer: { userId: "s1", role: "super_admin", jti: "j" } }),
    );
    expect(superAdmin.statusCode).toBe(200);
  });

  it("refuses to build a domain with path-tenant routes but no assignment lookup", () => {
    expect(() =>
      createApiHandler(
        domain,
        {
          create: async () => created({}),
          get: async () => ok({}),
          conflict: async () => ok({}),
          boom: async () => ok({}),
        },
        {},
      ),
    ).toThrow(/isAssigned/);
  });

  it("fails closed when a staff principal reaches a route whose tenant comes from the token", async () => {
    const res = await call(
      httpEvent({
        routeKey: "POST /api/tenant/v1/notes",
        headers: json,
        body: '{"title":"x"}',
        authorizer: reviewer,
      }),
    );
    expect(res.statusCode).toBe(500);
  });
});
