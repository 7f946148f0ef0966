/**
 * Only the front door reaches the API, and the client's address is the one it saw: through the local
 * CloudFront (the edge) a request is served and its sign-up limit and audit entry carry the client's
 * own address; straight at the HTTP API (its execute-api endpoint in AWS) it is refused by API
 * Gateway before any function runs. On the real platform declaration, with the real authorizer.
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { rotateOriginSecret } from "#scripts/ops/rotate-origin-secret";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { EDGE, securityHeaders } from "#shared/platform/declaration/edge";
import { originSecretValue } from "#shared/platform/origin-secret";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
/** The origin secret's values: made at start, after one rotation, after a second (current). */
const values: { initial: string; previous: string; current: string } = {
  initial: "",
  previous: "",
  current: "",
};

/** A portal build as Vite writes one: `index.html` naming its hashed assets. */
const PORTAL_INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-3f2a1c.js"></script>' +
  '<link rel="stylesheet" href="/assets/app-9b8c7d.css"></head><body><div id="root"></div></body></html>';
let portalDirectory = "";

beforeAll(async () => {
  portalDirectory = await mkdtemp(join(tmpdir(), "portal-"));
  await mkdir(join(portalDirectory, "assets"));
  await writeFile(join(portalDirectory, "index.html"), PORTAL_INDEX);
  await writeFile(join(portalDirectory, "assets", "app-3f2a1c.js"), 'console.log("portal");\n');
  await writeFile(join(portalDirectory, "assets", "app-9b8c7d.css"), "body { margin: 0; }\n");
  cloud = await startLocalCloud({ log: consoleLog("error"), portalDirectory });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  // Two rotations before the authorizer first reads the secret: it holds {current, previous} at once.
  const secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  const secretId = cloud.locator.secretId(EDGE.originSecret);
  const read = async () =>
    originSecretValue.parse(
      JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? ""),
    );
  values.initial = (await read()).current;
  const quiet = { log: () => undefined, force: true };
  await rotateOriginSecret(secrets, secretId, quiet);
  await rotateOriginSecret(secrets, secretId, quiet);
  const rotated = await read();
  values.current = rotated.current;
  values.previous = rotated.previous ?? "";
  secrets.destroy();
  // The front door sends the value it resolved when it started, as CloudFront sends the one of its
  // last deploy: restarting it is the Web stack's deploy after the rotation.
  await cloud.stopService("api");
  await cloud.startService("api");
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
  if (portalDirectory) await rm(portalDirectory, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  json: { accessToken?: string; user?: { id: string; tenantId: string }; error?: { code: string } };
}

/**
 * One request to `base`, sent from the loopback address `from` (Linux routes all of 127.0.0.0/8 to
 * the loopback device), so the client's address differs from the edge's own (127.0.0.1).
 */
function send(
  base: string,
  from: string,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(path, base);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress: from,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Answer["json"] = {};
          if (text.startsWith("{")) json = JSON.parse(text) as Answer["json"];
          resolve({ status: res.statusCode ?? 0, body: text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const edge = (from: string, method: string, path: string, init?: Parameters<typeof send>[4]) =>
  send(cloud.urls.api, from, method, path, init);
const direct = (method: string, path: string, init?: Parameters<typeof send>[4]) =>
  send(cloud.urls.origin, "127.0.0.1", method, path, init);

let counter = 0;
function newAccount() {
  counter++;
  return {
    tenantName: `Front door ${counter}`,
    name: `Grace ${counter}`,
    email: `grace.${counter}.${Date.now()}@example.com`,
    password: "correct horse battery staple",
  };
}

/** The audit entry of a sign-in, found by the correlation id the test sent. */
async function loginAudited(correlationId: string) {
  const audit = createAuditLog(
    new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName, cursorKey: randomBytes(32) }),
  );
  const { items } = await audit.list({ type: "login.succeeded" });
  return items.find((e) => e.correlationId === correlationId);
}

describe("through the front door", () => {
  it("is served, and the audit entry records the client's own address, not the edge's", async () => {
    const account = newAccount();
    expect((await edge("127.0.0.2", "POST", "/api/auth/v1/register", { body: account })).status).toBe(201);
    const login = await edge("127.0.0.3", "POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
      headers: { "x-request-id": "front-door-login-1" },
    });
    expect(login.status).toBe(200);
    expect(await loginAudited("front-door-login-1")).toMatchObject({ ip: "127.0.0.3" });
  });

  it("ignores a viewer address, an X-Forwarded-For and an origin header the client sends itself", async () => {
    const account = newAccount();
    await edge("127.0.0.2", "POST", "/api/auth/v1/register", { body: account });
    const login = await edge("127.0.0.4", "POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
      headers: {
        "x-request-id": "front-door-login-2",
        [EDGE.viewerAddressHeader]: "203.0.113.9:4242",
        "x-forwarded-for": "203.0.113.9",
        [EDGE.originHeader]: "a-value-the-client-made-up",
      },
    });
    expect(login.status).toBe(200);
    expect(await loginAudited("front-door-login-2")).toMatchObject({ ip: "127.0.0.4" });
  });

  it("limits sign-ups per client address: one client's limit leaves another client behind the same edge free", async () => {
    const from = "127.0.0.5";
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await edge(from, "POST", "/api/auth/v1/register", { body: newAccount() })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
    expect((await edge("127.0.0.6", "POST", "/api/auth/v1/register", { body: newAccount() })).status).toBe(
      201,
    );
  });
});

describe("straight to the API", () => {
  it("is refused by API Gateway on a public route: 401 without the origin header, 403 with a wrong one", async () => {
    const body = { email: "nobody@example.com", password: "correct horse battery staple" };
    expect(await direct("POST", "/api/auth/v1/login", { body })).toMatchObject({
      status: 401,
      body: '{"message":"Unauthorized"}',
    });
    expect(
      await direct("POST", "/api/auth/v1/login", { body, headers: { [EDGE.originHeader]: "guessed" } }),
    ).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
  });

  it("is refused on a signed-in route even with a valid token, which the front door accepts", async () => {
    const account = newAccount();
    const registered = await edge("127.0.0.7", "POST", "/api/auth/v1/register", { body: account });
    const authorization = `Bearer ${registered.json.accessToken}`;
    expect((await edge("127.0.0.7", "GET", "/api/auth/v1/me", { headers: { authorization } })).status).toBe(
      200,
    );
    expect(await direct("GET", "/api/auth/v1/me", { headers: { authorization } })).toMatchObject({
      status: 401,
      body: '{"message":"Unauthorized"}',
    });
    const wrong = { authorization, [EDGE.originHeader]: values.initial };
    expect(await direct("GET", "/api/auth/v1/me", { headers: wrong })).toMatchObject({
      status: 403,
      body: '{"message":"Forbidden"}',
    });
  });

  it("never reaches the function: a refused sign-up writes nothing, so the e-mail is still free", async () => {
    const account = newAccount();
    expect((await direct("POST", "/api/auth/v1/register", { body: account })).status).toBe(401);
    expect((await edge("127.0.0.8", "POST", "/api/auth/v1/register", { body: account })).status).toBe(201);
  });
});

describe("the origin secret's rotation", () => {
  it("accepts the current value and the previous one, which CloudFront sends until the Web stack is redeployed", async () => {
    for (const value of [values.current, values.previous]) {
      const answer = await direct("GET", "/api/health/live", { headers: { [EDGE.originHeader]: value } });
      expect(answer.status).toBe(200);
    }
  });

  it("refuses the value before the previous one", async () => {
    const answer = await direct("GET", "/api/health/live", {
      headers: { [EDGE.originHeader]: values.initial },
    });
    expect(answer).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
  });

  it("falls back to the edge's address when a verified request carries no viewer address", async () => {
    const account = newAccount();
    await edge("127.0.0.9", "POST", "/api/auth/v1/register", { body: account });
    const login = await direct("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
      headers: { [EDGE.originHeader]: values.current, "x-request-id": "front-door-login-3" },
    });
    expect(login.status).toBe(200);
    expect(await loginAudited("front-door-login-3")).toMatchObject({ ip: "127.0.0.1" });
  });
});

describe("the portal at the same origin", () => {
  const portal = (path: string, init?: RequestInit) => fetch(new URL(path, cloud.urls.api), init);

  /** The headers of the response headers policy, on every answer of the portal and the API. */
  function expectSecurityHeaders(headers: Headers): void {
    for (const [name, value] of Object.entries(securityHeaders()))
      expect(headers.get(name), name).toBe(value);
    const csp = headers.get("content-security-policy") ?? "";
    for (const directive of ["script-src 'self'", "style-src 'self'", "connect-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  }

  it("serves index.html at the root, revalidated on every load, with the security headers", async () => {
    const answer = await portal("/");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(answer.headers.get("cache-control")).toBe("no-cache");
    expect(await answer.text()).toBe(PORTAL_INDEX);
    expectSecurityHeaders(answer.headers);
  });

  it("serves a hashed asset with its content type, cached for a year", async () => {
    const script = await portal("/assets/app-3f2a1c.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await script.text()).toBe('console.log("portal");\n');
    const style = await portal("/assets/app-9b8c7d.css");
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expectSecurityHeaders(style.headers);
  });

  it("answers a deep link into the app with index.html and 200, so a reload or a shared URL works", async () => {
    for (const path of ["/content/01JABCDEF/versions", "/login", "/review/", "/calendar?month=2026-12"]) {
      const answer = await portal(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(await answer.text(), path).toBe(PORTAL_INDEX);
    }
  });

  it("answers a missing file with 404, not with the app's HTML", async () => {
    for (const path of ["/assets/app-000000.js", "/favicon.ico"]) {
      const answer = await portal(path);
      expect(answer.status, path).toBe(404);
      expect(await answer.text(), path).not.toContain("<html");
      expectSecurityHeaders(answer.headers);
    }
  });

  it("serves nothing outside the build, and only GET and HEAD", async () => {
    expect((await edge("127.0.0.1", "GET", "/..%2f..%2fpackage.json")).status).toBe(404);
    expect((await portal("/", { method: "POST", body: "{}" })).status).toBe(403);
    const head = await portal("/assets/app-3f2a1c.js", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("still sends /api/* to the API, with the same security headers, and keeps the API's own 404", async () => {
    const live = await portal("/api/health/live");
    expect(live.status).toBe(200);
    expect(live.headers.get("content-type")).toMatch(/^application\/json/);
    expectSecurityHeaders(live.headers);
    const unknown = await portal("/api/tenant/v1/no-such-route");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain("<html");
  });
});
