import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { invocations, startFixtureCloud, token } from "./support.ts";

/**
 * Fidelity of the local HTTP API: what API Gateway (HTTP API, payload 2.0, Lambda authorizer with simple
 * responses) does, the local gateway does, against fixture handlers and a fixture authorizer.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  // Well above a cold start on a loaded machine, so only the tests that mean to reach it do.
  cloud = await startFixtureCloud({ integrationTimeoutMs: 6000 });
});

afterAll(async () => {
  await cloud?.stop();
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${cloud.urls.api}${path}`, { headers });
}

async function echoed(
  response: Response,
): Promise<Record<string, unknown> & { requestContext: Record<string, unknown> }> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    event: Record<string, unknown> & { requestContext: Record<string, unknown> };
  };
  return body.event;
}

describe("the Lambda authorizer", () => {
  it("answers 401 Unauthorized without invoking the authorizer when the identity source is missing", async () => {
    const response = await get("/api/fixture/echo");

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Unauthorized" });
    expect(await invocations(cloud, "AUTHZ", "")).toBe(0);
    expect(await invocations(cloud, "HANDLER", "")).toBe(0);
  });

  it("answers 403 Forbidden and never invokes the handler when the authorizer denies", async () => {
    const deny = token("deny");

    const response = await get("/api/fixture/echo", { authorization: deny });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: "Forbidden" });
    expect(await invocations(cloud, "AUTHZ", deny)).toBe(1);
    expect(await invocations(cloud, "HANDLER", deny)).toBe(0);
  });

  it("answers 500 and never invokes the handler when the authorizer throws", async () => {
    const failing = token("throw");

    const response = await get("/api/fixture/echo", { authorization: failing });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
    expect(await invocations(cloud, "AUTHZ", failing)).toBe(1);
    expect(await invocations(cloud, "HANDLER", failing)).toBe(0);
  });

  it("answers 500 and never invokes the handler when the authorizer's answer is not a simple response", async () => {
    const malformed = token("malformed");

    const response = await get("/api/fixture/echo", { authorization: malformed });

    expect(response.status).toBe(500);
    expect(await invocations(cloud, "HANDLER", malformed)).toBe(0);
  });

  it("authorizes the same token on the same route once within the cache TTL", async () => {
    const allow = token("allow");

    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await get("/api/fixture/echo", { authorization: allow })).status);

    expect(statuses).toEqual([200, 200, 200]);
    expect(await invocations(cloud, "AUTHZ", allow)).toBe(1);
    expect(await invocations(cloud, "HANDLER", allow)).toBe(3);
  });

  it("keys the cache by route too, because the route key is an identity source", async () => {
    const allow = token("allow");

    await get("/api/fixture/echo", { authorization: allow });
    await get("/api/fixture/text", { authorization: allow });

    expect(await invocations(cloud, "AUTHZ", allow)).toBe(2);
  });

  it("serves a public route without the authorizer", async () => {
    const response = await get("/api/fixture/public");

    const event = await echoed(response);
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(await invocations(cloud, "AUTHZ", "")).toBe(0);
  });

  it("passes the authorizer's context to the handler as requestContext.authorizer.lambda", async () => {
    const allow = token("allow");

    const event = await echoed(await get("/api/fixture/echo", { authorization: allow }));

    expect(event.requestContext.authorizer).toEqual({
      lambda: { token: allow, principal: "fixture-user", routeKey: "GET /api/fixture/echo" },
    });
  });
});

describe("the payload 2.0 event", () => {
  it("joins repeated query parameters with commas and keeps the raw query string", async () => {
    const event = await echoed(
      await get("/api/fixture/echo?a=1&a=2&b=x%20y", { authorization: token("allow") }),
    );

    expect(event.queryStringParameters).toEqual({ a: "1,2", b: "x y" });
    expect(event.rawQueryString).toBe("a=1&a=2&b=x%20y");
  });

  it("puts cookies in event.cookies, one per cookie, and not in the headers", async () => {
    const event = await echoed(
      await get("/api/fixture/echo", { authorization: token("allow"), cookie: "x=1; y=2" }),
    );

    expect(event.cookies).toEqual(["x=1", "y=2"]);
    expect(event.headers).not.toHaveProperty("cookie");
  });

  it("lower-cases every header name", async () => {
    const event = await echoed(
      await get("/api/fixture/echo", {
        authorization: token("allow"),
        "X-Custom-Header": "Mixed Case Value",
      }),
    );

    const headers = event.headers as Record<string, string>;
    expect(headers["x-custom-header"]).toBe("Mixed Case Value");
    expect(Object.keys(headers).filter((name) => name !== name.toLowerCase())).toEqual([]);
  });

  it("fills pathParameters.proxy with the rest of the path for a greedy {proxy+} route", async () => {
    const event = await echoed(
      await get("/api/fixture/files/reports/2024/q1.pdf", { authorization: token("allow") }),
    );

    expect(event.routeKey).toBe("GET /api/fixture/files/{proxy+}");
    expect(event.pathParameters).toEqual({ proxy: "reports/2024/q1.pdf" });
  });

  it("prefers a literal segment over a path variable, as API Gateway selects the most specific route", async () => {
    const allow = token("allow");

    const special = await echoed(await get("/api/fixture/items/special", { authorization: allow }));
    const item = await echoed(await get("/api/fixture/items/42", { authorization: allow }));

    expect(special.routeKey).toBe("GET /api/fixture/items/special");
    expect(special.pathParameters).toBeUndefined();
    expect(item.routeKey).toBe("GET /api/fixture/items/{id}");
    expect(item.pathParameters).toEqual({ id: "42" });
  });

  it("describes the request in requestContext with the id the response carries", async () => {
    const response = await get("/api/fixture/echo", {
      authorization: token("allow"),
      "user-agent": "fidelity-test",
    });

    const event = await echoed(response);
    expect(event.version).toBe("2.0");
    expect(event.rawPath).toBe("/api/fixture/echo");
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      requestId: response.headers.get("apigw-requestid"),
      routeKey: "GET /api/fixture/echo",
      stage: "$default",
      http: {
        method: "GET",
        path: "/api/fixture/echo",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "fidelity-test",
      },
    });
    expect(typeof event.requestContext.timeEpoch).toBe("number");
  });

  it("passes a JSON body as text and a binary body base64-encoded", async () => {
    const allow = token("allow");
    const post = (body: string | Uint8Array, contentType: string) =>
      fetch(`${cloud.urls.api}/api/fixture/echo`, {
        method: "POST",
        headers: { authorization: allow, "content-type": contentType },
        body,
      });

    const json = await echoed(await post(JSON.stringify({ hello: "world" }), "application/json"));
    const binary = await echoed(await post(new Uint8Array([0, 1, 2, 255]), "application/octet-stream"));

    expect(json).toMatchObject({ body: '{"hello":"world"}', isBase64Encoded: false });
    expect(binary).toMatchObject({
      body: Buffer.from([0, 1, 2, 255]).toString("base64"),
      isBase64Encoded: true,
    });
  });
});

describe("the response", () => {
  it("answers 200 with content-type application/json and the JSON of a result without statusCode", async () => {
    const response = await get("/api/fixture/echo", { authorization: token("allow") });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toHaveProperty("event.version", "2.0");
  });

  it("answers a bare string result as the body", async () => {
    const response = await get("/api/fixture/text", { authorization: token("allow") });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("plain words");
  });

  it("turns cookies [x, y] into two Set-Cookie headers beside the declared status and headers", async () => {
    const response = await fetch(`${cloud.urls.api}/api/fixture/cookies`, {
      method: "POST",
      headers: { authorization: token("allow") },
    });

    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("x-fixture")).toBe("yes");
    expect(await response.text()).toBe("made");
  });

  it("answers 500 Internal Server Error when the handler throws", async () => {
    const response = await get("/api/fixture/throw", { authorization: token("allow") });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
  });

  it("answers 500 when the handler runs past its own function timeout", async () => {
    // The handler would answer 200 after 4 s, and the integration timeout would answer 503 after
    // 6 s: a 500 is the function's own 1 s timeout.
    const response = await get("/api/slow/sleep?ms=4000", { authorization: token("allow") });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
  });

  it("answers 503 Service Unavailable when the integration runs past the integration timeout", async () => {
    const started = Date.now();

    const response = await get("/api/fixture/sleep?ms=9000", { authorization: token("allow") });

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: "Service Unavailable" });
    // Answered before the handler would have (9 s; its own timeout is 10 s).
    expect(Date.now() - started).toBeLessThan(9000);
  });

  it("answers 404 Not Found for an undeclared route, and for a declared path with another method", async () => {
    const unknown = await get("/api/fixture/nothing-here");
    const wrongMethod = await fetch(`${cloud.urls.api}/api/fixture/text`, { method: "DELETE" });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: "Not Found" });
    expect(wrongMethod.status).toBe(404);
  });

  it("answers 413 Request Entity Too Large for a payload over 10 MB without invoking anything", async () => {
    const allow = token("allow");

    const response = await fetch(`${cloud.urls.api}/api/fixture/echo`, {
      method: "POST",
      headers: { authorization: allow, "content-type": "application/octet-stream" },
      body: new Uint8Array(10 * 1024 * 1024 + 1),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: "Request Entity Too Large" });
    expect(await invocations(cloud, "AUTHZ", allow)).toBe(0);
  });

  it.each([
    ["a query string that takes the request line past the 10,240-byte quota", 10_300, 0],
    ["a query string past Node's own 16 KB header limit", 20_000, 0],
    ["headers that take the request past the quota", 0, 10_300],
  ])(
    "answers 413 with API Gateway's message body, invoking nothing, for %s",
    async (_name, queryBytes, headerBytes) => {
      const allow = token("allow");
      const query = queryBytes > 0 ? `?q=${"a".repeat(queryBytes)}` : "";
      // Straight at the HTTP API: the local front door, like CloudFront, has limits of its own.
      const response = await fetch(`${cloud.urls.origin}/api/fixture/echo${query}`, {
        headers: {
          authorization: allow,
          ...(headerBytes > 0 ? { "x-padding": "p".repeat(headerBytes) } : {}),
        },
      });

      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ message: "Request Entity Too Large" });
      expect(await invocations(cloud, "AUTHZ", allow)).toBe(0);
    },
  );

  it("serves a request just under the quota", async () => {
    const allow = token("allow");
    const response = await fetch(`${cloud.urls.origin}/api/fixture/echo?q=${"a".repeat(9_000)}`, {
      headers: { authorization: allow },
    });
    expect(response.status).toBe(200);
  });
});
