/**
 * The super-admin API (`/api/admin/v1`) through the local gateway and the real authorizer, on the real
 * platform declaration: tenants, staff, user suspension and unlocking, reviewer assignments and the
 * audit log, each action audited with its actor and correlation id.
 */

import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { assignmentLookup } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { hashPassword } from "#shared/domain/identity/password";
import { type ApiAnswer, callApi, clientConfig } from "./support.ts";

const ADMIN = "/api/admin/v1";
const PASSWORD = "correct horse battery staple";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let table: SingleTable;
let superAdmin: { id: string; token: string };

/** One item of a listing: a tenant, an assignment or an audit entry. */
type Item = Record<string, unknown> & { id?: string; type?: string; target?: unknown };

interface Answer extends Omit<ApiAnswer<unknown>, "json"> {
  json: {
    id?: string;
    status?: string;
    items?: Item[];
    nextCursor?: string;
    accessToken?: string;
    user?: { id: string; tenantId: string };
    error?: { code: string; requestId: string };
    message?: string;
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the answer has no ${what}`);
  return value;
}

const call = (
  method: string,
  path: string,
  init: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> => callApi<Answer["json"]>(cloud, method, path, init);

const asAdmin = (
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) => call(method, `${ADMIN}${path}`, { ...init, token: superAdmin.token });

let counter = 0;
const uniqueEmail = (who: string) => `${who}.${++counter}.${Date.now()}@example.com`;

async function login(email: string, password = PASSWORD): Promise<Answer> {
  return call("POST", "/api/auth/v1/login", { body: { email, password } });
}

/** A tenant and its admin, signed up through the auth API. */
async function registerMember(): Promise<{ tenantId: string; userId: string; email: string; token: string }> {
  const email = uniqueEmail("member");
  const answer = await call("POST", "/api/auth/v1/register", {
    body: { tenantName: `Acme ${counter}`, name: "Ada", email, password: PASSWORD },
  });
  expect(answer.status).toBe(201);
  const user = required(answer.json.user, "user");
  return {
    tenantId: user.tenantId,
    userId: user.id,
    email,
    token: required(answer.json.accessToken, "token"),
  };
}

/** A reviewer created through the admin API, and signed in. */
async function createReviewer(): Promise<{ id: string; email: string; token: string }> {
  const email = uniqueEmail("reviewer");
  const answer = await asAdmin("POST", "/staff", {
    body: { name: "Rita", email, role: "reviewer", password: PASSWORD },
  });
  expect(answer.status).toBe(201);
  const signedIn = await login(email);
  expect(signedIn.status).toBe(200);
  return { id: required(answer.json.id, "id"), email, token: required(signedIn.json.accessToken, "token") };
}

async function createTenant(name: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await asAdmin("POST", "/tenants", { body: { name }, headers });
  expect(answer.status).toBe(201);
  return required(answer.json.id, "id");
}

async function itemCount(): Promise<number> {
  // Test-only: counts everything in the table to prove a refused request wrote nothing.
  const result = await dynamodb.send(
    new ScanCommand({ TableName: cloud.locator.tableName, Select: "COUNT" }),
  );
  return result.Count ?? 0;
}

async function auditEntries(query: string): Promise<Item[]> {
  const answer = await asAdmin("GET", `/audit?${query}`);
  expect(answer.status).toBe(200);
  return required(answer.json.items, "items");
}

beforeAll(async () => {
  // No authorizer cache: a suspension is seen on the very next request.
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  const email = uniqueEmail("root");
  const id = await createIdentityRepositories(table).users.createStaff({
    name: "Root",
    email,
    role: "super_admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  const signedIn = await login(email);
  expect(signedIn.status).toBe(200);
  superAdmin = { id, token: required(signedIn.json.accessToken, "token") };
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

describe("tenants", () => {
  it("creates a tenant, gets it, and audits the creation with actor and correlation id, naming both", async () => {
    const requestId = `admin-test-${crypto.randomUUID()}`;
    const tenantId = await createTenant("Globex", { "x-request-id": requestId });
    const got = await asAdmin("GET", `/tenants/${tenantId}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: tenantId, name: "Globex", status: "active" });

    const entries = await auditEntries(`type=tenant.created&tenantId=${tenantId}`);
    expect(entries).toEqual([
      expect.objectContaining({
        type: "tenant.created",
        actor: { userId: superAdmin.id, role: "super_admin", name: "Root" },
        target: { tenantId, tenantName: "Globex" },
        tenantId,
        correlationId: requestId,
        ip: expect.any(String),
      }),
    ]);
  });

  it("answers 404 for an unknown tenant", async () => {
    const answer = await asAdmin("GET", "/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV");
    expect(answer.status).toBe(404);
    expect(answer.json.error?.code).toBe("NOT_FOUND");
  });

  it("lists every tenant newest first, page by page with the cursor", async () => {
    const mine = [await createTenant("P1"), await createTenant("P2"), await createTenant("P3")];
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await asAdmin(
        "GET",
        `/tenants?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(answer.status).toBe(200);
      const items = required(answer.json.items, "items");
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((t) => String(t.id)));
      cursor = answer.json.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen.filter((id) => mine.includes(id))).toEqual([...mine].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("lists tenants registered through sign-up too", async () => {
    const member = await registerMember();
    const first = await asAdmin("GET", "/tenants?limit=100");
    expect(first.json.items).toContainEqual(
      expect.objectContaining({ id: member.tenantId, status: "active" }),
    );
  });

  it("suspends a tenant so its users are refused by the gateway, and reactivates it for new sign-ins", async () => {
    const member = await registerMember();
    expect((await call("GET", "/api/auth/v1/me", { token: member.token })).status).toBe(200);

    const suspended = await asAdmin("POST", `/tenants/${member.tenantId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.json.status).toBe("suspended");
    const refused = await call("GET", "/api/auth/v1/me", { token: member.token });
    expect({ status: refused.status, json: refused.json }).toEqual({
      status: 403,
      json: { message: "Forbidden" },
    });
    const listed = await asAdmin("GET", "/tenants?limit=100");
    expect(listed.json.items).toContainEqual(
      expect.objectContaining({ id: member.tenantId, status: "suspended" }),
    );

    const reactivated = await asAdmin("POST", `/tenants/${member.tenantId}/reactivate`);
    expect(reactivated.status).toBe(200);
    // Suspension ended the sessions for good; the user signs in again.
    expect((await call("GET", "/api/auth/v1/me", { token: member.token })).status).toBe(403);
    const again = await login(member.email);
    expect((await call("GET", "/api/auth/v1/me", { token: again.json.accessToken })).status).toBe(200);

    const types = (await auditEntries(`tenantId=${member.tenantId}`)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["tenant.suspended", "tenant.reactivated"]));
  });

  it("answers 404 when suspending an unknown tenant, and writes nothing", async () => {
    const before = await itemCount();
    expect((await asAdmin("POST", "/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV/suspend")).status).toBe(404);
    expect(await itemCount()).toBe(before);
  });
});

describe("staff and users", () => {
  it("creates staff who can sign in, and refuses a taken e-mail with 409", async () => {
    const email = uniqueEmail("staff");
    const created = await asAdmin("POST", "/staff", {
      body: { name: "Sam", email: email.toUpperCase(), role: "super_admin", password: PASSWORD },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ email, role: "super_admin", tenantId: null });
    expect(JSON.stringify(created.json)).not.toContain("scrypt");
    expect((await login(email)).status).toBe(200);

    const before = await itemCount();
    const again = await asAdmin("POST", "/staff", {
      body: { name: "Other", email, role: "reviewer", password: PASSWORD },
    });
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe("IDENTITY.EMAIL_TAKEN");
    expect(await itemCount()).toBe(before);

    const entries = await auditEntries("type=staff.created");
    expect(entries).toContainEqual(
      expect.objectContaining({
        target: { userId: required(created.json.id, "id"), email, userName: "Sam" },
        details: { role: "super_admin" },
      }),
    );
  });

  it("lists the staff from their index, page by page, with their status, and no tenant's users", async () => {
    const reviewer = await createReviewer();
    const member = await registerMember();
    const suspended = await asAdmin("POST", `/users/${reviewer.id}/suspend`);
    expect(suspended.status).toBe(200);

    const seen: Item[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await asAdmin(
        "GET",
        `/staff?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      const items = required(page.json.items, "items");
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items);
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(cursor).toBeUndefined();
    expect(pages).toBeGreaterThan(1);

    expect(seen).toContainEqual(
      expect.objectContaining({ id: superAdmin.id, role: "super_admin", tenantId: null }),
    );
    expect(seen).toContainEqual(
      expect.objectContaining({
        id: reviewer.id,
        email: reviewer.email,
        role: "reviewer",
        status: "suspended",
      }),
    );
    expect(seen.map((user) => user.id)).not.toContain(member.userId);
    expect(seen.every((user) => user.role === "reviewer" || user.role === "super_admin")).toBe(true);
    // Oldest first: user ids are ULIDs, so their order is the order of creation.
    const ids = seen.map((user) => String(user.id));
    expect(ids).toEqual([...ids].sort());
    expect(JSON.stringify(seen)).not.toContain("scrypt");
  });

  it("suspends a user, whose tokens are then refused for good, and reactivates them for new sign-ins", async () => {
    const member = await registerMember();
    const suspended = await asAdmin("POST", `/users/${member.userId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.json).toMatchObject({ id: member.userId, status: "suspended" });
    expect((await call("GET", "/api/auth/v1/me", { token: member.token })).status).toBe(403);
    expect((await asAdmin("POST", `/users/${member.userId}/reactivate`)).status).toBe(200);
    expect((await call("GET", "/api/auth/v1/me", { token: member.token })).status).toBe(403);
    const again = await login(member.email);
    expect((await call("GET", "/api/auth/v1/me", { token: again.json.accessToken })).status).toBe(200);

    const entries = await auditEntries(`tenantId=${member.tenantId}`);
    expect(entries.map((e) => e.type)).toEqual(
      expect.arrayContaining(["user.suspended", "user.reactivated"]),
    );
    expect(entries.find((e) => e.type === "user.suspended")?.target).toEqual({
      userId: member.userId,
      email: member.email,
      userName: "Ada",
    });
  });

  it("answers 404 for an unknown user and 409 to suspending oneself", async () => {
    expect((await asAdmin("POST", "/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/suspend")).status).toBe(404);
    expect((await asAdmin("POST", "/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/unlock")).status).toBe(404);
    const self = await asAdmin("POST", `/users/${superAdmin.id}/suspend`);
    expect(self.status).toBe(409);
    expect(self.json.error?.code).toBe("ADMIN.SELF_SUSPENSION");
  });

  it("unlocks an account locked by failed sign-ins, so the right password works at once", async () => {
    const member = await registerMember();
    for (let i = 0; i < 10; i++) expect((await login(member.email, "wrong password")).status).toBe(401);
    expect((await login(member.email)).status).toBe(429);

    const requestId = `unlock-${crypto.randomUUID()}`;
    const unlocked = await asAdmin("POST", `/users/${member.userId}/unlock`, {
      headers: { "x-request-id": requestId },
    });
    expect(unlocked.status).toBe(204);
    expect((await login(member.email)).status).toBe(200);

    const entries = await auditEntries("type=account.unlocked");
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: { userId: superAdmin.id, role: "super_admin", name: "Root" },
        target: { userId: member.userId, email: member.email, userName: "Ada" },
        tenantId: member.tenantId,
        correlationId: requestId,
      }),
    );
  });
});

describe("reviewer assignments", () => {
  it("assigns a reviewer idempotently, lists it, and the assignment lookup sees it until it is removed", async () => {
    const tenantId = await createTenant("Initech");
    const reviewer = await createReviewer();
    const isAssigned = assignmentLookup(table);
    expect(await isAssigned(reviewer.id, tenantId)).toBe(false);

    const path = `/tenants/${tenantId}/reviewers/${reviewer.id}`;
    expect((await asAdmin("PUT", path)).status).toBe(201);
    expect((await asAdmin("PUT", path)).status).toBe(200);
    expect(await isAssigned(reviewer.id, tenantId)).toBe(true);

    const listed = await asAdmin("GET", `/tenants/${tenantId}/reviewers`);
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([
      expect.objectContaining({ reviewerId: reviewer.id, email: reviewer.email, name: "Rita" }),
    ]);

    expect((await asAdmin("DELETE", path)).status).toBe(204);
    expect(await isAssigned(reviewer.id, tenantId)).toBe(false);
    expect((await asAdmin("DELETE", path)).status).toBe(404);
    expect((await asAdmin("GET", `/tenants/${tenantId}/reviewers`)).json.items).toEqual([]);

    const entries = await auditEntries(`tenantId=${tenantId}`);
    expect(entries.filter((e) => e.type === "assignment.created")).toHaveLength(1);
    expect(entries.filter((e) => e.type === "assignment.removed")).toHaveLength(1);
  });

  it("refuses an unknown tenant, an unknown user and a user who is not a reviewer, writing nothing", async () => {
    const tenantId = await createTenant("Hooli");
    const reviewer = await createReviewer();
    const member = await registerMember();
    const before = await itemCount();
    expect(
      (await asAdmin("PUT", `/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV/reviewers/${reviewer.id}`)).status,
    ).toBe(404);
    expect((await asAdmin("PUT", `/tenants/${tenantId}/reviewers/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(
      404,
    );
    const notReviewer = await asAdmin("PUT", `/tenants/${tenantId}/reviewers/${member.userId}`);
    expect(notReviewer.status).toBe(409);
    expect(notReviewer.json.error?.code).toBe("IDENTITY.NOT_A_REVIEWER");
    expect((await asAdmin("GET", "/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV/reviewers")).status).toBe(404);
    expect(await itemCount()).toBe(before);
  });
});

describe("access and input", () => {
  it("refuses a member's and a reviewer's token on every admin route with the gateway's 403", async () => {
    const member = await registerMember();
    const reviewer = await createReviewer();
    const id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    const routes: [string, string][] = [
      ["GET", "/tenants"],
      ["POST", "/tenants"],
      ["GET", `/tenants/${id}`],
      ["POST", `/tenants/${id}/suspend`],
      ["POST", `/tenants/${id}/reactivate`],
      ["GET", `/tenants/${id}/reviewers`],
      ["PUT", `/tenants/${id}/reviewers/${id}`],
      ["DELETE", `/tenants/${id}/reviewers/${id}`],
      ["POST", "/staff"],
      ["POST", `/users/${id}/suspend`],
      ["POST", `/users/${id}/reactivate`],
      ["POST", `/users/${id}/unlock`],
      ["GET", "/audit"],
    ];
    const before = await itemCount();
    for (const token of [member.token, reviewer.token]) {
      for (const [method, path] of routes) {
        const answer = await call(method, `${ADMIN}${path}`, { token });
        expect({ route: `${method} ${path}`, status: answer.status, json: answer.json }).toEqual({
          route: `${method} ${path}`,
          status: 403,
          json: { message: "Forbidden" },
        });
      }
    }
    expect(await itemCount()).toBe(before);
  });

  it.each([
    ["an unknown body field", "POST", "/tenants", { name: "X", status: "suspended" }],
    ["an empty name", "POST", "/tenants", { name: "  " }],
    ["a name with a NUL", "POST", "/tenants", { name: "a\u0000b" }],
    ["a name with an ANSI escape", "POST", "/tenants", { name: "\u001b[31mred" }],
    ["a name with CR, LF and a tab", "POST", "/tenants", { name: "a\r\n\tb" }],
    ["a name with a lone surrogate", "POST", "/tenants", { name: "\ud800x" }],
    ["a name with a right-to-left override", "POST", "/tenants", { name: "abc\u202edef" }],
    [
      "a staff name with a control character",
      "POST",
      "/staff",
      { name: "X\u0007", email: "x@example.com", role: "reviewer", password: PASSWORD },
    ],
    [
      "a credit reason with an ANSI escape",
      "POST",
      "/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV/credits",
      { amount: 5, reason: "\u001b[2Jgoodwill" },
    ],
    [
      "a staff role that is a tenant role",
      "POST",
      "/staff",
      { name: "X", email: "x@example.com", role: "admin", password: PASSWORD },
    ],
    [
      "a short staff password",
      "POST",
      "/staff",
      { name: "X", email: "x@example.com", role: "reviewer", password: "short" },
    ],
    ["a bad tenant id", "POST", "/tenants/bad.id/suspend", undefined],
    ["a bad reviewer id", "PUT", "/tenants/01ARZ3NDEKTSV4RRFFQ69G5FAV/reviewers/a.b", undefined],
    ["a bad user id", "POST", "/users/a.b/unlock", undefined],
    ["an unknown query field", "GET", "/tenants?order=asc", undefined],
    ["a bad limit", "GET", "/tenants?limit=1000", undefined],
    ["a bad audit type", "GET", "/audit?type=tenant.deleted", undefined],
    ["a bad audit tenant id", "GET", "/audit?tenantId=a.b", undefined],
    ["a forged cursor", "GET", "/tenants?cursor=forged", undefined],
  ])("refuses %s with 400 and writes nothing", async (_name, method, path, body) => {
    const before = await itemCount();
    const answer = await asAdmin(method, path, body === undefined ? {} : { body });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toEqual(
      expect.objectContaining({ code: expect.any(String), requestId: expect.any(String) }),
    );
    expect(await itemCount()).toBe(before);
  });
});
