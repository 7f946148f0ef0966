/**
 * Tenant user management (`/api/tenant/v1/users`, `/api/tenant/v1/audit`) and password change
 * (`/api/auth/v1/password`), through the local gateway and the real authorizer, on the real platform
 * declaration. The authorizer cache is off, so a revoked token is refused on its next request.
 */

import { randomBytes } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import {
  createIdentityRepositories,
  type IdentityRepositories,
} from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { type ApiAnswer, callApi, clientConfig } from "./support.ts";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let store: IdentityRepositories;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  store = createIdentityRepositories(
    new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName, cursorKey: randomBytes(32) }),
  );
});

/** Two tenants most tests share: sign-ups are limited to 10 an hour per IP, and tests all come from one. */
type Tenant = Awaited<ReturnType<typeof registerTenant>>;
let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  a = await registerTenant();
  b = await registerTenant();
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  tenantId?: string | null;
}

interface Answer extends Omit<ApiAnswer<unknown>, "json"> {
  json: {
    accessToken?: string;
    user?: UserView;
    temporaryPassword?: string;
    items?: (UserView & {
      type?: string;
      correlationId?: string;
      target?: { userId?: string };
      details?: Record<string, unknown>;
    })[];
    nextCursor?: string;
    role?: string;
    error?: { code: string; message: string; requestId: string };
    message?: string;
  };
}

const call = (
  method: string,
  path: string,
  init: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> => callApi<Answer["json"]>(cloud, method, path, init);

const refreshWith = (token: string | undefined) =>
  call("POST", "/api/auth/v1/refresh", {
    headers: { "x-requested-with": "leadmetrics", ...(token ? { cookie: `lm_refresh=${token}` } : {}) },
  });

const PASSWORD = "correct horse battery staple";
let counter = 0;

/** Registers a tenant and its first admin; answers the admin's session and ids. */
async function registerTenant() {
  counter++;
  const email = `admin.${counter}.${Date.now()}@example.com`;
  const answer = await call("POST", "/api/auth/v1/register", {
    body: { tenantName: `Tenant ${counter}`, name: `Admin ${counter}`, email, password: PASSWORD },
  });
  expect(answer.status).toBe(201);
  const token = answer.json.accessToken;
  const userId = answer.json.user?.id;
  const tenantId = answer.json.user?.tenantId;
  if (!token || !userId || !tenantId) throw new Error(`Registration answered ${answer.text}`);
  return { email, token, userId, tenantId, refresh: answer.refresh };
}

/** An admin invites a user; answers the new user's id, e-mail and temporary password. */
async function invite(adminToken: string, role: "member" | "admin") {
  counter++;
  const email = `user.${counter}.${Date.now()}@example.com`;
  const answer = await call("POST", "/api/tenant/v1/users", {
    token: adminToken,
    body: { name: `User ${counter}`, email, role },
  });
  expect(answer.status).toBe(201);
  const userId = answer.json.user?.id;
  const password = answer.json.temporaryPassword;
  if (!userId || !password) throw new Error(`Invitation answered ${answer.text}`);
  return { userId, email, password };
}

async function login(email: string, password: string) {
  const answer = await call("POST", "/api/auth/v1/login", { body: { email, password } });
  expect(answer.status).toBe(200);
  const token = answer.json.accessToken;
  if (!token) throw new Error(`Sign-in answered ${answer.text}`);
  return { token, refresh: answer.refresh, user: answer.json.user };
}

async function listUsers(token: string, query = "") {
  return call("GET", `/api/tenant/v1/users${query}`, { token });
}

async function auditOf(token: string, type: string) {
  const answer = await call("GET", `/api/tenant/v1/audit?type=${type}&limit=100`, { token });
  expect(answer.status).toBe(200);
  return answer.json.items ?? [];
}

async function itemCount(): Promise<number> {
  // Test-only: counts everything in the table to prove a refused request wrote nothing.
  const result = await dynamodb.send(
    new ScanCommand({ TableName: cloud.locator.tableName, Select: "COUNT" }),
  );
  return result.Count ?? 0;
}

describe("inviting users", () => {
  it("creates an active user in the admin's tenant who signs in with the one-time temporary password", async () => {
    const admin = a;
    const answer = await call("POST", "/api/tenant/v1/users", {
      token: admin.token,
      body: { name: "Grace", email: `grace.${Date.now()}@example.com`, role: "member" },
      headers: { "x-request-id": `invite-${admin.userId}` },
    });
    expect(answer.status).toBe(201);
    expect(answer.json.user).toMatchObject({ role: "member", status: "active" });
    expect(answer.json.temporaryPassword?.length).toBeGreaterThanOrEqual(12);
    expect(answer.text).not.toContain("scrypt");

    const invitee = await login(answer.json.user?.email ?? "", answer.json.temporaryPassword ?? "");
    expect(invitee.user).toMatchObject({
      id: answer.json.user?.id,
      role: "member",
      tenantId: admin.tenantId,
    });
    expect((await call("GET", "/api/auth/v1/me", { token: invitee.token })).status).toBe(200);

    const audited = await auditOf(admin.token, "user.invited");
    expect(audited.find((e) => e.correlationId === `invite-${admin.userId}`)).toMatchObject({
      type: "user.invited",
      details: { role: "member" },
    });
    expect(JSON.stringify(audited)).not.toContain(answer.json.temporaryPassword);
  });

  it("refuses an e-mail already in use, in any tenant, with 409 and writes nothing", async () => {
    const before = await itemCount();
    for (const email of [a.email, b.email]) {
      const answer = await call("POST", "/api/tenant/v1/users", {
        token: a.token,
        body: { name: "Dup", email, role: "member" },
      });
      expect(answer.status).toBe(409);
      expect(answer.json.error?.code).toBe("IDENTITY.EMAIL_TAKEN");
    }
    expect(await itemCount()).toBe(before);
  });

  it("is refused to a member by the gateway (403), whatever the body", async () => {
    const admin = a;
    const member = await invite(admin.token, "member");
    const session = await login(member.email, member.password);
    const before = await itemCount();
    for (const [method, path, body] of [
      ["POST", "/api/tenant/v1/users", { name: "x", email: "x@example.com", role: "admin" }],
      ["DELETE", `/api/tenant/v1/users/${admin.userId}`, undefined],
      ["PUT", `/api/tenant/v1/users/${member.userId}/role`, { role: "admin" }],
      ["GET", "/api/tenant/v1/audit", undefined],
    ] as const) {
      const answer = await call(method, path, { token: session.token, body });
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ message: "Forbidden" });
    }
    expect(await itemCount()).toBe(before);
  });
});

describe("listing users", () => {
  // Tenants of their own, so the lists are known exactly.
  let ownA: Tenant;
  let ownB: Tenant;
  beforeAll(async () => {
    ownA = await registerTenant();
    ownB = await registerTenant();
  });

  it("shows the caller's tenant's users only, to members too, without hashes", async () => {
    const [a, b] = [ownA, ownB];
    const memberOfA = await invite(a.token, "member");
    const memberOfB = await invite(b.token, "member");

    const asAdmin = await listUsers(a.token);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json.items?.map((u) => u.id).sort()).toEqual([a.userId, memberOfA.userId].sort());
    expect(asAdmin.text).not.toContain(b.userId);
    expect(asAdmin.text).not.toContain(memberOfB.userId);
    expect(asAdmin.text).not.toContain("scrypt");
    expect(asAdmin.text).not.toContain("passwordHash");

    const asMember = await listUsers((await login(memberOfA.email, memberOfA.password)).token);
    expect(asMember.status).toBe(200);
    expect(asMember.json.items?.map((u) => u.id).sort()).toEqual([a.userId, memberOfA.userId].sort());

    const ofB = await listUsers(b.token);
    expect(ofB.json.items?.map((u) => u.id).sort()).toEqual([b.userId, memberOfB.userId].sort());
  });

  it("pages with a cursor that another tenant cannot use (400)", async () => {
    const [a, b] = [ownA, ownB];
    const first = await listUsers(a.token, "?limit=1");
    expect(first.json.items).toHaveLength(1);
    const cursor = first.json.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const second = await listUsers(a.token, `?limit=1&cursor=${encodeURIComponent(cursor ?? "")}`);
    expect(second.status).toBe(200);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.items?.[0]?.id).not.toBe(first.json.items?.[0]?.id);

    const stolen = await listUsers(b.token, `?limit=1&cursor=${encodeURIComponent(cursor ?? "")}`);
    expect(stolen.status).toBe(400);
    expect(stolen.text).not.toContain(a.userId);
  });
});

describe("another tenant's users", () => {
  it("cannot be removed or re-roled by another tenant's admin: 404 like a missing user, nothing of theirs revealed", async () => {
    const memberOfA = await invite(a.token, "member");
    const missing = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    const before = await itemCount();

    for (const target of [memberOfA.userId, a.userId]) {
      const removal = await call("DELETE", `/api/tenant/v1/users/${target}`, { token: b.token });
      const reRole = await call("PUT", `/api/tenant/v1/users/${target}/role`, {
        token: b.token,
        body: { role: "member" },
      });
      const removeMissing = await call("DELETE", `/api/tenant/v1/users/${missing}`, { token: b.token });
      for (const answer of [removal, reRole]) {
        expect(answer.status).toBe(404);
        expect({ ...answer.json.error, requestId: "" }).toEqual({
          ...removeMissing.json.error,
          requestId: "",
        });
        for (const secret of [a.tenantId, a.email, memberOfA.email, target]) {
          expect(answer.text).not.toContain(secret);
        }
      }
    }
    expect(await itemCount()).toBe(before);
    // A's member is untouched: still signs in as a member of A.
    expect((await login(memberOfA.email, memberOfA.password)).user).toMatchObject({
      role: "member",
      tenantId: a.tenantId,
    });
  });
});

describe("roles", () => {
  it("refuses to demote or remove the last admin (409 IDENTITY.LAST_ADMIN), writing nothing", async () => {
    const admin = await registerTenant();
    await invite(admin.token, "member");
    const before = await itemCount();
    const demote = await call("PUT", `/api/tenant/v1/users/${admin.userId}/role`, {
      token: admin.token,
      body: { role: "member" },
    });
    expect(demote.status).toBe(409);
    expect(demote.json.error?.code).toBe("IDENTITY.LAST_ADMIN");
    const remove = await call("DELETE", `/api/tenant/v1/users/${admin.userId}`, { token: admin.token });
    expect(remove.status).toBe(409);
    expect(remove.json.error?.code).toBe("IDENTITY.LAST_ADMIN");
    expect(await itemCount()).toBe(before);
    expect((await call("GET", "/api/auth/v1/me", { token: admin.token })).status).toBe(200);
  });

  it("lets concurrent demotions of two admins leave exactly one admin", async () => {
    const tenant = await registerTenant();
    const tenantId = parseTenantId(tenant.tenantId);
    let survivor = { userId: tenant.userId, email: tenant.email, password: PASSWORD };
    for (let round = 0; round < 3; round++) {
      // Each round starts from two admins, the survivor of the last round and a new one, who demote
      // each other at once. The loser is refused by the store (409) or, when the winner's demotion
      // already revoked its token, by the gateway (403).
      const survivorSession = await login(survivor.email, survivor.password);
      const added = await invite(survivorSession.token, "admin");
      const addedSession = await login(added.email, added.password);
      const answers = await Promise.all([
        call("PUT", `/api/tenant/v1/users/${added.userId}/role`, {
          token: survivorSession.token,
          body: { role: "member" },
        }),
        call("PUT", `/api/tenant/v1/users/${survivor.userId}/role`, {
          token: addedSession.token,
          body: { role: "member" },
        }),
      ]);
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      const refused = answers.find((answer) => answer.status !== 200);
      if (refused?.status === 409) expect(refused.json.error?.code).toBe("IDENTITY.LAST_ADMIN");
      else expect(refused?.status).toBe(403);

      const pair = [survivor, added];
      const users = await Promise.all(pair.map((user) => store.tenantUsers.get(tenantId, user.userId)));
      expect(users.filter((user) => user?.role === "admin")).toHaveLength(1);
      expect((await store.tenants.profile(tenantId))?.adminCount).toBe(1);
      const next = pair.find((user) => users.find((u) => u?.userId === user.userId)?.role === "admin");
      if (!next) throw new Error("No admin left");
      survivor = next;
    }
  });

  it("keeps one admin when the store gets two demotions at the same instant", async () => {
    const tenant = await registerTenant();
    const tenantId = parseTenantId(tenant.tenantId);
    let survivor = tenant.userId;
    // A demotion ends the demoted admin's sessions: each round invites with the survivor's own token.
    const passwords = new Map([[tenant.userId, { email: tenant.email, password: PASSWORD }]]);
    for (let round = 0; round < 5; round++) {
      const credentials = passwords.get(survivor);
      if (!credentials) throw new Error(`no credentials for ${survivor}`);
      const { token } = await login(credentials.email, credentials.password);
      const added = await invite(token, "admin");
      passwords.set(added.userId, { email: added.email, password: added.password });
      const outcomes = await Promise.allSettled(
        [survivor, added.userId].map((userId) => store.tenantUsers.changeRole(tenantId, userId, "member")),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const failed = outcomes.find((o) => o.status === "rejected");
      expect(failed?.status === "rejected" && failed.reason).toMatchObject({ code: "IDENTITY.LAST_ADMIN" });
      const users = await Promise.all(
        [survivor, added.userId].map((id) => store.tenantUsers.get(tenantId, id)),
      );
      const admins = users.filter((user) => user?.role === "admin");
      expect(admins).toHaveLength(1);
      expect((await store.tenants.profile(tenantId))?.adminCount).toBe(1);
      survivor = admins[0]?.userId ?? "";
    }
  });

  it("applies a new role from the next sign-in, ends the tokens with the old one and audits from/to", async () => {
    const admin = await registerTenant();
    const member = await invite(admin.token, "member");
    const before = await login(member.email, member.password);

    const promoted = await call("PUT", `/api/tenant/v1/users/${member.userId}/role`, {
      token: admin.token,
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.json).toMatchObject({ id: member.userId, role: "admin" });
    expect((await call("GET", "/api/auth/v1/me", { token: before.token })).status).toBe(403);
    expect((await refreshWith(before.refresh)).status).toBe(401);

    const after = await login(member.email, member.password);
    expect(after.user?.role).toBe("admin");
    expect((await listUsers(after.token)).status).toBe(200);
    expect((await call("GET", "/api/tenant/v1/audit", { token: after.token })).status).toBe(200);
    expect((await store.tenants.profile(parseTenantId(admin.tenantId)))?.adminCount).toBe(2);

    const audited = await auditOf(admin.token, "role.changed");
    expect(audited.find((e) => e.details?.to === "admin")).toMatchObject({
      target: { userId: member.userId },
      details: { from: "member", to: "admin" },
    });
    // Now there are two admins, the first may step down.
    const stepDown = await call("PUT", `/api/tenant/v1/users/${admin.userId}/role`, {
      token: admin.token,
      body: { role: "member" },
    });
    expect(stepDown.status).toBe(200);
    expect((await store.tenants.profile(parseTenantId(admin.tenantId)))?.adminCount).toBe(1);
  });
});

describe("removing users", () => {
  it("removes a user of the tenant: their tokens stop working, the e-mail is free again, and it is audited", async () => {
    const admin = a;
    const member = await invite(admin.token, "member");
    const session = await login(member.email, member.password);

    const removed = await call("DELETE", `/api/tenant/v1/users/${member.userId}`, { token: admin.token });
    expect(removed.status).toBe(204);
    expect((await call("GET", "/api/auth/v1/me", { token: session.token })).status).toBe(403);
    expect((await refreshWith(session.refresh)).status).toBe(401);
    expect(
      (await call("POST", "/api/auth/v1/login", { body: { email: member.email, password: member.password } }))
        .status,
    ).toBe(401);
    expect((await listUsers(admin.token, "?limit=100")).text).not.toContain(member.userId);
    expect(
      (await call("DELETE", `/api/tenant/v1/users/${member.userId}`, { token: admin.token })).status,
    ).toBe(404);

    const audited = await auditOf(admin.token, "user.removed");
    expect(audited.find((e) => e.target?.userId === member.userId)).toMatchObject({ type: "user.removed" });
    const again = await call("POST", "/api/tenant/v1/users", {
      token: admin.token,
      body: { name: "Back", email: member.email, role: "member" },
    });
    expect(again.status).toBe(201);
  });

  it("removes an admin when another remains, and keeps the count", async () => {
    const adminCount = async () => (await store.tenants.profile(parseTenantId(a.tenantId)))?.adminCount;
    const before = await adminCount();
    const second = await invite(a.token, "admin");
    expect(await adminCount()).toBe((before ?? 0) + 1);
    expect((await call("DELETE", `/api/tenant/v1/users/${second.userId}`, { token: a.token })).status).toBe(
      204,
    );
    expect(await adminCount()).toBe(before);
  });
});

describe("changing the password", () => {
  const newPassword = "a much longer new passphrase";

  it("ends every other session (refresh 401, access 403) while this one keeps working", async () => {
    // An invitee replacing the temporary password: the usual first change.
    const user = await invite(a.token, "member");
    const laptop = await login(user.email, user.password);
    const tablet = await login(user.email, user.password);
    const phone = await login(user.email, user.password);

    const changed = await call("POST", "/api/auth/v1/password", {
      token: phone.token,
      body: { currentPassword: user.password, newPassword },
      headers: { "x-request-id": `password-${user.userId}` },
    });
    expect(changed.status).toBe(204);

    for (const other of [laptop, tablet]) {
      expect((await refreshWith(other.refresh)).status).toBe(401);
      expect((await call("GET", "/api/auth/v1/me", { token: other.token })).status).toBe(403);
    }
    expect((await call("GET", "/api/auth/v1/me", { token: phone.token })).status).toBe(200);
    const rotated = await refreshWith(phone.refresh);
    expect(rotated.status).toBe(200);
    expect((await call("GET", "/api/auth/v1/me", { token: rotated.json.accessToken })).status).toBe(200);

    expect(
      (await call("POST", "/api/auth/v1/login", { body: { email: user.email, password: user.password } }))
        .status,
    ).toBe(401);
    await login(user.email, newPassword);
    const audited = await auditOf(a.token, "password.changed");
    expect(audited.find((e) => e.correlationId === `password-${user.userId}`)).toMatchObject({
      type: "password.changed",
      target: { userId: user.userId },
      details: { sessionsEnded: 2 },
    });
  });

  it("answers a wrong current password with 401 in the standard shape and changes nothing", async () => {
    const user = await invite(a.token, "member");
    const session = await login(user.email, user.password);
    const other = await login(user.email, user.password);
    const tenantId = parseTenantId(a.tenantId);
    const before = await store.tenantUsers.get(tenantId, user.userId);
    const answer = await call("POST", "/api/auth/v1/password", {
      token: session.token,
      body: { currentPassword: "not my password at all", newPassword },
    });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toEqual({
      code: "UNAUTHORIZED",
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect((await store.tenantUsers.get(tenantId, user.userId))?.passwordHash).toBe(before?.passwordHash);
    expect((await call("GET", "/api/auth/v1/me", { token: other.token })).status).toBe(200);
    expect((await refreshWith(other.refresh)).status).toBe(200);
    await login(user.email, user.password);
  });

  it("counts wrong current passwords towards the sign-in lockout", async () => {
    const user = await invite(a.token, "member");
    const session = await login(user.email, user.password);
    for (let i = 0; i < 10; i++) {
      const wrong = await call("POST", "/api/auth/v1/password", {
        token: session.token,
        body: { currentPassword: `wrong password ${i}`, newPassword },
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await call("POST", "/api/auth/v1/password", {
      token: session.token,
      body: { currentPassword: user.password, newPassword },
    });
    expect(locked.status).toBe(429);
    expect(
      (await call("POST", "/api/auth/v1/login", { body: { email: user.email, password: user.password } }))
        .status,
    ).toBe(429);
  });
});

describe("bad input: 400 in the standard shape, nothing written", () => {
  it("refuses each malformed request", async () => {
    const admin = a;
    const member = await invite(admin.token, "member");
    const cases: [string, string, string, unknown][] = [
      [
        "a platform role",
        "POST",
        "/api/tenant/v1/users",
        { name: "x", email: "x@example.com", role: "super_admin" },
      ],
      [
        "a reviewer role",
        "POST",
        "/api/tenant/v1/users",
        { name: "x", email: "x@example.com", role: "reviewer" },
      ],
      [
        "an e-mail that is not one",
        "POST",
        "/api/tenant/v1/users",
        { name: "x", email: "nope", role: "member" },
      ],
      [
        "an empty name",
        "POST",
        "/api/tenant/v1/users",
        { name: " ", email: "x@example.com", role: "member" },
      ],
      [
        "an unknown field",
        "POST",
        "/api/tenant/v1/users",
        { name: "x", email: "x@example.com", role: "member", tenantId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" },
      ],
      [
        "a platform role change",
        "PUT",
        `/api/tenant/v1/users/${member.userId}/role`,
        { role: "super_admin" },
      ],
      ["a user id that is not one", "PUT", "/api/tenant/v1/users/not-an-id/role", { role: "admin" }],
      ["a user id that is not one", "DELETE", "/api/tenant/v1/users/not-an-id", undefined],
      ["a limit over 100", "GET", "/api/tenant/v1/users?limit=1000", undefined],
      ["a forged cursor", "GET", "/api/tenant/v1/users?cursor=Zm9yZ2Vk", undefined],
      ["an unknown audit type", "GET", "/api/tenant/v1/audit?type=nope", undefined],
      [
        "a short new password",
        "POST",
        "/api/auth/v1/password",
        { currentPassword: PASSWORD, newPassword: "short" },
      ],
      [
        "the same password again",
        "POST",
        "/api/auth/v1/password",
        { currentPassword: PASSWORD, newPassword: PASSWORD },
      ],
      [
        "a missing current password",
        "POST",
        "/api/auth/v1/password",
        { newPassword: "a much longer new passphrase" },
      ],
    ];
    for (const [name, method, path, body] of cases) {
      const before = await itemCount();
      const answer = await call(method, path, { token: admin.token, body });
      expect(answer.status, name).toBe(400);
      expect(answer.json.error, name).toEqual(
        expect.objectContaining({ code: expect.any(String), requestId: expect.any(String) }),
      );
      expect(await itemCount(), name).toBe(before);
    }
    expect((await login(admin.email, PASSWORD)).user?.role).toBe("admin");
  });
});
