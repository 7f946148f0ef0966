/**
 * When sessions end and when they do not, through the local gateway and the real authorizer on the real
 * platform declaration: a sign-in right after "log out everywhere" or a role change lives (at a second
 * boundary, and within the same millisecond); suspension ends sessions for good, so reactivation
 * revives none; a suspended user or tenant is refused at sign-in and at refresh with the same answer.
 * The authorizer cache is off, so every request is judged afresh.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createAccessTokenIssuer } from "#shared/adapters/access-tokens";
import {
  createIdentityRepositories,
  type IdentityRepositories,
} from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { newRefreshToken } from "#shared/domain/access/refresh-token";
import { generationOf } from "#shared/domain/access/session-verdict";
import { hashPassword } from "#shared/domain/identity/password";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { type ApiAnswer, callApi, clientConfig } from "./support.ts";

const PASSWORD = "correct horse battery staple";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let secrets: SecretsManagerClient;
let store: IdentityRepositories;
let superAdminToken: string;

interface Answer extends Omit<ApiAnswer<unknown>, "json"> {
  json: {
    accessToken?: string;
    user?: { id: string; tenantId: string | null };
    error?: { code: string; message: string; requestId: string };
    message?: string;
  };
}

const call = (method: string, path: string, init: { body?: unknown; token?: string } = {}) =>
  callApi<Answer["json"]>(cloud, method, path, init) as Promise<Answer>;
const me = (token: string | undefined) => call("GET", "/api/auth/v1/me", token ? { token } : {});
const refresh = (cookie: string | undefined) =>
  callApi<Answer["json"]>(cloud, "POST", "/api/auth/v1/refresh", {
    headers: { "x-requested-with": "leadmetrics", ...(cookie ? { cookie: `lm_refresh=${cookie}` } : {}) },
  }) as Promise<Answer>;
const login = (email: string) => call("POST", "/api/auth/v1/login", { body: { email, password: PASSWORD } });
const asSuperAdmin = (path: string) => call("POST", `/api/admin/v1${path}`, { token: superAdminToken });

let counter = 0;
/** A new tenant and its admin, signed in: their id, tenant, e-mail, access token and refresh cookie. */
async function register() {
  const email = `owner.${++counter}.${Date.now()}@example.com`;
  const answer = await call("POST", "/api/auth/v1/register", {
    body: { tenantName: `Lifecycle ${counter}`, name: "Owner", email, password: PASSWORD },
  });
  expect(answer.status).toBe(201);
  const { user, accessToken } = answer.json;
  if (!user?.tenantId || !accessToken) throw new Error(`register answered ${answer.text}`);
  return { userId: user.id, tenantId: user.tenantId, email, token: accessToken, refresh: answer.refresh };
}

/** Resolves a few milliseconds after the clock's next whole second. */
async function justAfterASecondBoundary(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 3));
}

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  store = createIdentityRepositories(
    new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName }),
  );
  const email = `root.${Date.now()}@example.com`;
  await store.users.createStaff({
    name: "Root",
    email,
    role: "super_admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  const signedIn = await login(email);
  if (!signedIn.json.accessToken) throw new Error(`super-admin sign-in answered ${signedIn.text}`);
  superAdminToken = signedIn.json.accessToken;
});

afterAll(async () => {
  dynamodb?.destroy();
  secrets?.destroy();
  await cloud?.stop();
});

describe("a sign-in right after every session of the user ended", () => {
  it("lives when it follows log-out-everywhere at once, just after a second boundary, each time", async () => {
    const owner = await register();
    let previous = owner;
    for (let round = 0; round < 3; round++) {
      await justAfterASecondBoundary();
      expect((await call("POST", "/api/auth/v1/logout-all", { token: previous.token })).status).toBe(204);
      const again = await login(owner.email);
      expect(again.status).toBe(200);
      expect((await me(again.json.accessToken)).status).toBe(200);
      // The session it started refreshes too, and the token that refresh issues is honoured.
      const refreshed = await refresh(again.refresh);
      expect(refreshed.status).toBe(200);
      expect((await me(refreshed.json.accessToken)).status).toBe(200);
      // What the log-out ended stays ended.
      expect((await me(previous.token)).status).toBe(403);
      expect((await refresh(previous.refresh)).status).toBe(401);
      previous = { ...owner, token: refreshed.json.accessToken ?? "", refresh: refreshed.refresh };
    }
  });

  it("lives when it follows a role change at once, just after a second boundary", async () => {
    const owner = await register();
    const email = `member.${++counter}.${Date.now()}@example.com`;
    const invited = await call("POST", "/api/tenant/v1/users", {
      token: owner.token,
      body: { name: "Member", email, role: "member" },
    });
    expect(invited.status).toBe(201);
    const { user, temporaryPassword } = invited.json as { user?: { id: string }; temporaryPassword?: string };
    if (!user || !temporaryPassword) throw new Error(`invite answered ${invited.text}`);
    const before = await call("POST", "/api/auth/v1/login", { body: { email, password: temporaryPassword } });
    expect((await me(before.json.accessToken)).status).toBe(200);

    await justAfterASecondBoundary();
    const promoted = await call("PUT", `/api/tenant/v1/users/${user.id}/role`, {
      token: owner.token,
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    const after = await call("POST", "/api/auth/v1/login", { body: { email, password: temporaryPassword } });
    expect(after.status).toBe(200);
    expect((await me(after.json.accessToken)).status).toBe(200);
    expect((await me(before.json.accessToken)).status).toBe(403);
  });

  it("lives when its token is issued in the very millisecond the sessions ended, and the ended one does not", async () => {
    const owner = await register();
    const tenantId = parseTenantId(owner.tenantId);
    const instant = new Date();
    const issuer = createAccessTokenIssuer({
      read: sdkSecretReader(secrets),
      signingKeysSecretId: cloud.locator.secretId("signing-keys"),
      stage: cloud.stage,
      ttlSeconds: cloud.locator.accessTokenTtlSeconds,
      now: () => instant,
    });
    const principal = { kind: "tenant", userId: owner.userId, role: "admin", tenantId, jti: "" } as const;
    const expiresAt = Math.floor(instant.getTime() / 1000) + 3600;

    const oldGenerations = { user: 0, tenant: 0 };
    const oldSession = await store.sessions.start(owner.userId, newRefreshToken(), expiresAt, oldGenerations);
    const old = await issuer.issue(principal, oldSession, oldGenerations);
    await store.users.endAllSessions(owner.userId);
    const user = await store.users.get(owner.userId);
    const generations = { user: generationOf(user), tenant: 0 };
    expect(generations.user).toBe(1);
    const newSession = await store.sessions.start(owner.userId, newRefreshToken(), expiresAt, generations);
    const fresh = await issuer.issue(principal, newSession, generations);

    expect((await me(fresh.token)).status).toBe(200);
    expect((await me(old.token)).status).toBe(403);
  });
});

describe("suspension ends sessions for good", () => {
  it("keeps a suspended user's tokens and refresh cookie dead after reactivation; a new sign-in works", async () => {
    const owner = await register();
    expect((await asSuperAdmin(`/users/${owner.userId}/suspend`)).status).toBe(200);
    expect((await me(owner.token)).status).toBe(403);
    expect((await asSuperAdmin(`/users/${owner.userId}/reactivate`)).status).toBe(200);

    expect((await me(owner.token)).status).toBe(403);
    const revived = await refresh(owner.refresh);
    expect(revived.status).toBe(401);
    expect(revived.json.error).toMatchObject({ code: "UNAUTHORIZED", requestId: expect.any(String) });
    const again = await login(owner.email);
    expect(again.status).toBe(200);
    expect((await me(again.json.accessToken)).status).toBe(200);
  });

  it("keeps a suspended tenant's users' tokens and refresh cookies dead after reactivation; a new sign-in works", async () => {
    const owner = await register();
    expect((await asSuperAdmin(`/tenants/${owner.tenantId}/suspend`)).status).toBe(200);
    expect((await me(owner.token)).status).toBe(403);
    expect((await asSuperAdmin(`/tenants/${owner.tenantId}/reactivate`)).status).toBe(200);

    expect((await me(owner.token)).status).toBe(403);
    expect((await refresh(owner.refresh)).status).toBe(401);
    const again = await login(owner.email);
    expect(again.status).toBe(200);
    expect((await me(again.json.accessToken)).status).toBe(200);
  });
});

describe("a suspended account is refused at sign-in and at refresh, with one answer", () => {
  const suspendedAnswer = {
    status: 403,
    error: { code: "FORBIDDEN", message: "This account is suspended", requestId: expect.any(String) },
  };

  it("refuses a user of a suspended tenant at sign-in and at refresh, issuing nothing", async () => {
    const owner = await register();
    expect((await asSuperAdmin(`/tenants/${owner.tenantId}/suspend`)).status).toBe(200);
    const signIn = await login(owner.email);
    expect({ status: signIn.status, error: signIn.json.error }).toEqual(suspendedAnswer);
    expect(signIn.json.accessToken).toBeUndefined();
    expect(signIn.refresh).toBeUndefined();
    const refreshed = await refresh(owner.refresh);
    expect({ status: refreshed.status, error: refreshed.json.error }).toEqual(suspendedAnswer);
    expect(refreshed.refresh).toBeUndefined();
  });

  it("refuses a suspended user at sign-in and at refresh the same way", async () => {
    const owner = await register();
    expect((await asSuperAdmin(`/users/${owner.userId}/suspend`)).status).toBe(200);
    const signIn = await login(owner.email);
    expect({ status: signIn.status, error: signIn.json.error }).toEqual(suspendedAnswer);
    const refreshed = await refresh(owner.refresh);
    expect({ status: refreshed.status, error: refreshed.json.error }).toEqual(suspendedAnswer);
  });
});
