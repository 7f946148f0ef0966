/**
 * A new tenant is not a dead end: signed up or created by a super-admin, it starts with the stage's
 * starter credits (a ledger entry), so its first agent run is accepted; and a tenant a super-admin
 * creates with a first admin has someone who can sign in. Through the local gateway, the real
 * authorizer and the real platform declaration.
 */

import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { STARTER_CREDITS_REASON } from "#shared/domain/credits/starter-credits";
import { hashPassword } from "#shared/domain/identity/password";
import { callApi, clientConfig } from "./support.ts";

/** Not the default, so the test proves the setting reaches the functions. */
const STARTER_CREDITS = 7;
const PASSWORD = "correct horse battery staple";

interface Json {
  accessToken?: string;
  user?: { id: string; tenantId: string | null; role: string; email: string };
  id?: string;
  name?: string;
  admin?: { user: { id: string; email: string; role: string }; temporaryPassword: string };
  balance?: number;
  granted?: number;
  ledger?: { kind: string; amount: number; reason?: string }[];
  runId?: string;
  error?: { code: string };
}

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let superAdminToken: string;

const call = (method: string, path: string, init: { body?: unknown; token?: string } = {}) =>
  callApi<Json>(cloud, method, path, init);
const uniqueEmail = (who: string) => `${who}.${crypto.randomUUID()}@example.com`;

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the answer has no ${what}`);
  return value;
}

async function signIn(email: string, password: string): Promise<string> {
  const answer = await call("POST", "/api/auth/v1/login", { body: { email, password } });
  expect(answer.status, answer.text).toBe(200);
  return required(answer.json.accessToken, "access token");
}

async function expectStarterCredits(token: string): Promise<void> {
  const credits = await call("GET", "/api/tenant/v1/credits", { token });
  expect(credits.status, credits.text).toBe(200);
  expect(credits.json.balance).toBe(STARTER_CREDITS);
  expect(credits.json.granted).toBe(STARTER_CREDITS);
  expect(credits.json.ledger).toEqual([
    expect.objectContaining({ kind: "grant", amount: STARTER_CREDITS, reason: STARTER_CREDITS_REASON }),
  ]);
}

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error"), starterCredits: STARTER_CREDITS });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  const email = uniqueEmail("root");
  await createIdentityRepositories(table).users.createStaff({
    name: "Root",
    email,
    role: "super_admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  superAdminToken = await signIn(email, PASSWORD);
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

describe("starter credits", () => {
  it("gives a signed-up tenant the stage's starter credits as a ledger entry, so its first blog-writer run is accepted", async () => {
    const signedUp = await call("POST", "/api/auth/v1/register", {
      body: { tenantName: "Fresh Co", name: "Fay", email: uniqueEmail("fay"), password: PASSWORD },
    });
    expect(signedUp.status, signedUp.text).toBe(201);
    const token = required(signedUp.json.accessToken, "access token");
    await expectStarterCredits(token);

    const run = await call("POST", "/api/tenant/v1/agents/blog-writer/runs", {
      token,
      body: { input: { topic: "Our first post", keywords: ["first"], length: "short" } },
    });
    expect(run.status, run.text).toBe(202);
    expect(run.json.runId).toEqual(expect.any(String));
  });

  it("gives a tenant a super-admin creates without an admin the same starter credits", async () => {
    const created = await call("POST", "/api/admin/v1/tenants", {
      token: superAdminToken,
      body: { name: "Quiet Co" },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.admin).toBeUndefined();
    const tenantId = required(created.json.id, "tenant id");
    // The super-admin reads the balance before granting anything: the starter credits.
    const before = await call("GET", `/api/admin/v1/tenants/${tenantId}/credits`, { token: superAdminToken });
    expect(before.status, before.text).toBe(200);
    expect(before.json).toEqual({
      tenantId,
      balance: STARTER_CREDITS,
      reserved: 0,
      granted: STARTER_CREDITS,
    });
    const unknown = await call("GET", "/api/admin/v1/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV/credits", {
      token: superAdminToken,
    });
    expect(unknown.status, unknown.text).toBe(404);
    // The super-admin's own grant answers the balance after it: the starter credits plus the grant.
    const granted = await call("POST", `/api/admin/v1/tenants/${tenantId}/credits`, {
      token: superAdminToken,
      body: { amount: 1, reason: "Check the starting balance" },
    });
    expect(granted.status, granted.text).toBe(200);
    expect(granted.json.balance).toBe(STARTER_CREDITS + 1);
  });
});

describe("a tenant created by a super-admin with its first admin", () => {
  it("invites the admin, who signs in with the one-time password and sees the tenant and its starter credits", async () => {
    const email = uniqueEmail("ada");
    const created = await call("POST", "/api/admin/v1/tenants", {
      token: superAdminToken,
      body: { name: "Invited Co", admin: { name: "Ada", email } },
    });
    expect(created.status, created.text).toBe(201);
    const tenantId = required(created.json.id, "tenant id");
    expect(created.json.name).toBe("Invited Co");
    const admin = required(created.json.admin, "admin");
    expect(admin.user).toMatchObject({ email, role: "admin" });
    expect(admin.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const token = await signIn(email, admin.temporaryPassword);
    const me = await call("GET", "/api/auth/v1/me", { token });
    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ id: admin.user.id, role: "admin", tenantId });
    await expectStarterCredits(token);
    // An admin of the tenant: it can manage the tenant's users (the invite route is admin-only).
    const users = await call("GET", "/api/tenant/v1/users", { token });
    expect(users.status, users.text).toBe(200);
  });

  it("refuses an admin e-mail already in use with 409 and creates no tenant", async () => {
    const email = uniqueEmail("taken");
    const first = await call("POST", "/api/admin/v1/tenants", {
      token: superAdminToken,
      body: { name: "First Co", admin: { name: "Tom", email } },
    });
    expect(first.status, first.text).toBe(201);
    const again = await call("POST", "/api/admin/v1/tenants", {
      token: superAdminToken,
      body: { name: "Second Co", admin: { name: "Tim", email } },
    });
    expect(again.status, again.text).toBe(409);
    const listing = await callApi<{ items: { name: string }[] }>(cloud, "GET", "/api/admin/v1/tenants", {
      token: superAdminToken,
    });
    expect(listing.json.items.map((t) => t.name)).not.toContain("Second Co");
  });

  it("refuses an admin without a valid e-mail with a field error", async () => {
    const answer = await call("POST", "/api/admin/v1/tenants", {
      token: superAdminToken,
      body: { name: "Bad Co", admin: { name: "Bo", email: "not-an-email" } },
    });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.json.error?.code).toBe("VALIDATION_ERROR");
  });
});
