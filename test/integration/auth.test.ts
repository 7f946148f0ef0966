/**
 * Sign-up, sign-in, refresh-token rotation with reuse detection, sign-out and "sign out everywhere",
 * through the local gateway and the real authorizer, on the real platform declaration.
 */

import { randomBytes } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { type ApiAnswer, callApi, clientConfig } from "./support.ts";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  // A short authorizer cache, so "refused within the cache TTL" is seen in seconds.
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 2 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

interface Answer extends Omit<ApiAnswer<unknown>, "json"> {
  json: {
    accessToken?: string;
    user?: { id: string; email: string; role: string; tenantId: string | null };
    error?: { code: string; message: string; requestId: string };
    message?: string;
    keys?: { kid: string; d?: string }[];
  };
}

const call = (
  method: string,
  path: string,
  init: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> => callApi<Answer["json"]>(cloud, method, path, init);

const refreshWith = (
  token: string | undefined,
  headers: Record<string, string> = { "x-requested-with": "leadmetrics" },
) =>
  call("POST", "/api/auth/v1/refresh", {
    headers: { ...headers, ...(token ? { cookie: `lm_refresh=${token}` } : {}) },
  });

let counter = 0;
function newAccount() {
  counter++;
  return {
    tenantName: `Acme ${counter}`,
    name: `Ada ${counter}`,
    email: `ada.${counter}.${Date.now()}@example.com`,
    password: "correct horse battery staple",
  };
}

async function itemCount(): Promise<number> {
  // Test-only: counts everything in the table to prove a refused request wrote nothing.
  const result = await dynamodb.send(
    new ScanCommand({ TableName: cloud.locator.tableName, Select: "COUNT" }),
  );
  return result.Count ?? 0;
}

async function until(check: () => Promise<boolean>, ms = 8000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return check();
}

describe("sign-up and sign-in", () => {
  it("registers a tenant and its admin, sets a locked-down refresh cookie and answers /me", async () => {
    const account = newAccount();
    const registered = await call("POST", "/api/auth/v1/register", { body: account });
    expect(registered.status).toBe(201);
    expect(registered.json.user).toMatchObject({ email: account.email, role: "admin" });
    expect(registered.json.user?.tenantId).toEqual(expect.any(String));
    expect(JSON.stringify(registered.json)).not.toContain("scrypt");
    const cookie = registered.headers.getSetCookie().find((c) => c.startsWith("lm_refresh="));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api\/auth\/v1\/refresh/);

    const me = await call("GET", "/api/auth/v1/me", { token: registered.json.accessToken });
    expect(me.status).toBe(200);
    expect(me.json.user ?? me.json).toMatchObject({ email: account.email });
  });

  it("refuses a taken e-mail with 409, a full-width look-alike of it too, and writes nothing", async () => {
    const account = newAccount();
    expect((await call("POST", "/api/auth/v1/register", { body: account })).status).toBe(201);
    const before = await itemCount();
    const again = await call("POST", "/api/auth/v1/register", { body: { ...account, tenantName: "Other" } });
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe("IDENTITY.EMAIL_TAKEN");
    const fullWidth = account.email.replace("ada", "ＡＤＡ");
    expect(
      (await call("POST", "/api/auth/v1/register", { body: { ...account, email: fullWidth } })).status,
    ).toBe(409);
    expect(await itemCount()).toBe(before);
  });

  it("answers a wrong password and an unknown e-mail identically", async () => {
    const account = newAccount();
    await call("POST", "/api/auth/v1/register", { body: account });
    const wrongPassword = await call("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: "not the password" },
    });
    const unknown = await call("POST", "/api/auth/v1/login", {
      body: { email: `nobody.${Date.now()}@example.com`, password: "x" },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...wrongPassword.json.error, requestId: "" }).toEqual({ ...unknown.json.error, requestId: "" });
  });

  it("locks an account after 10 failures in a row: the right password then gets 429 with Retry-After", async () => {
    const account = newAccount();
    await call("POST", "/api/auth/v1/register", { body: account });
    for (let i = 0; i < 10; i++) {
      expect(
        (await call("POST", "/api/auth/v1/login", { body: { email: account.email, password: `wrong ${i}` } }))
          .status,
      ).toBe(401);
    }
    const locked = await call("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
    });
    expect(locked.status).toBe(429);
    expect(locked.json.error?.code).toBe("RATE_LIMITED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("serves the public verification keys and never a private one", async () => {
    const jwks = await call("GET", "/api/auth/v1/jwks");
    expect(jwks.status).toBe(200);
    expect(jwks.json.keys?.length).toBeGreaterThan(0);
    expect(jwks.json.keys?.every((k) => k.d === undefined)).toBe(true);
  });
});

describe("refresh tokens", () => {
  it("rotate on every refresh, and replaying a spent one revokes the whole family", async () => {
    const account = newAccount();
    await call("POST", "/api/auth/v1/register", { body: account });
    const login = await call("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
    });
    expect(login.status).toBe(200);
    const first = login.refresh;
    const second = await refreshWith(first);
    expect(second.status).toBe(200);
    expect(second.refresh).toBeDefined();
    expect(second.refresh).not.toBe(first);
    const third = await refreshWith(second.refresh);
    expect(third.status).toBe(200);

    const replay = await refreshWith(first, {
      "x-requested-with": "leadmetrics",
      "x-request-id": "replay-1",
    });
    expect(replay.status).toBe(401);
    const audited = await createAuditLog(
      new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName, cursorKey: randomBytes(32) }),
    ).list({ type: "refresh.reused" });
    expect(audited.items.find((e) => e.correlationId === "replay-1")).toMatchObject({
      type: "refresh.reused",
      target: { userId: login.json.user?.id },
      tenantId: login.json.user?.tenantId,
    });
    // The family is gone: the newest refresh token and the newest access token stop working too.
    expect((await refreshWith(third.refresh)).status).toBe(401);
    expect((await call("GET", "/api/auth/v1/me", { token: third.json.accessToken })).status).toBe(403);
  });

  it("refuses a refresh without the cookie (401) or without the CSRF header (403), writing nothing", async () => {
    const account = newAccount();
    const registered = await call("POST", "/api/auth/v1/register", { body: account });
    const before = await itemCount();
    expect((await refreshWith(undefined)).status).toBe(401);
    const noCsrf = await refreshWith(registered.refresh, {});
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error?.code).toBe("FORBIDDEN");
    expect(await itemCount()).toBe(before);
  });
});

describe("signing out", () => {
  it("logout ends this session's access and refresh tokens", async () => {
    const account = newAccount();
    const registered = await call("POST", "/api/auth/v1/register", { body: account });
    expect((await call("POST", "/api/auth/v1/logout", { token: registered.json.accessToken })).status).toBe(
      204,
    );
    expect((await refreshWith(registered.refresh)).status).toBe(401);
    expect(
      await until(
        async () =>
          (await call("GET", "/api/auth/v1/me", { token: registered.json.accessToken })).status === 403,
      ),
    ).toBe(true);
  });

  it("logout-all refuses every earlier access token within the authorizer cache TTL, and every refresh token", async () => {
    const account = newAccount();
    await call("POST", "/api/auth/v1/register", { body: account });
    const laptop = await call("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
    });
    const phone = await call("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
    });
    // The laptop's token is in the authorizer cache now.
    expect((await call("GET", "/api/auth/v1/me", { token: laptop.json.accessToken })).status).toBe(200);

    expect((await call("POST", "/api/auth/v1/logout-all", { token: phone.json.accessToken })).status).toBe(
      204,
    );
    const refused = await until(
      async () => (await call("GET", "/api/auth/v1/me", { token: laptop.json.accessToken })).status === 403,
    );
    expect(refused).toBe(true);
    expect((await refreshWith(laptop.refresh)).status).toBe(401);
    expect((await refreshWith(phone.refresh)).status).toBe(401);

    // A sign-in right after it works again: no waiting for the clock.
    const again = await call("POST", "/api/auth/v1/login", {
      body: { email: account.email, password: account.password },
    });
    expect((await call("GET", "/api/auth/v1/me", { token: again.json.accessToken })).status).toBe(200);
  });
});

describe("bad input to the auth routes: a 4xx in the standard shape, nothing written", () => {
  it.each([
    ["malformed JSON", "/api/auth/v1/register", '{"email":', 400],
    ["an e-mail that is not one", "/api/auth/v1/register", { ...newAccount(), email: "not-an-email" }, 400],
    ["a password under 12 characters", "/api/auth/v1/register", { ...newAccount(), password: "short" }, 400],
    [
      "a password over 1 KB",
      "/api/auth/v1/login",
      { email: "a@example.com", password: "x".repeat(1025) },
      400,
    ],
    [
      "a missing field",
      "/api/auth/v1/register",
      { name: "x", email: "x@example.com", password: "long enough password" },
      400,
    ],
    [
      "an unknown field",
      "/api/auth/v1/login",
      { email: "a@example.com", password: "x", role: "super_admin" },
      400,
    ],
    ["a tenant name with a NUL", "/api/auth/v1/register", { ...newAccount(), tenantName: "a\u0000b" }, 400],
    ["a name with a bidi override", "/api/auth/v1/register", { ...newAccount(), name: "Ada\u202e" }, 400],
    ["an oversized body", "/api/auth/v1/register", { ...newAccount(), name: "n".repeat(5000) }, 413],
  ])("refuses %s", async (_name, path, body, status) => {
    const before = await itemCount();
    const answer = await call("POST", path, { body });
    expect(answer.status).toBe(status);
    expect(answer.json.error).toEqual(
      expect.objectContaining({ code: expect.any(String), requestId: expect.any(String) }),
    );
    expect(await itemCount()).toBe(before);
  });
});
