/**
 * The review loop end to end on the local cloud, through the gateway: a tenant runs `blog-writer`,
 * an assigned reviewer finds it in the queue, asks for changes with feedback, the agent's revision
 * arrives as version 2, the reviewer approves it and the tenant schedules it; each step is audited.
 * Also: a reviewer not assigned to the tenant is refused everywhere; two reviewers deciding on the
 * same version at once — one wins, the other gets 409, and exactly one revision run is queued; the
 * review policies; an edit by hand. Every agent runs offline (deterministic drafts).
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { hashPassword } from "#shared/domain/identity/password";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { openSocket, type Socket, ticketFor } from "./realtime/sockets.ts";
import { callApi, clientConfig, until } from "./support.ts";

const PASSWORD = "correct horse battery staple";
let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let table: SingleTable;
/** Every socket a test opened, closed before the cloud stops (a failed test leaves its own open). */
const sockets: Socket[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
}, 120_000);

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  dynamodb?.destroy();
  await cloud?.stop();
});

async function signIn(email: string): Promise<string> {
  const answer = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: PASSWORD },
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.accessToken;
}

async function newTenant(tenantName = "Review loop"): Promise<{ tenantId: TenantId; admin: string }> {
  const email = `owner.${randomUUID()}@example.com`;
  const { tenantId } = await createIdentityRepositories(table).tenants.register({
    tenantName,
    name: "Owner",
    email,
    passwordHash: await hashPassword(PASSWORD),
  });
  const id = parseTenantId(tenantId);
  await createCredits(table).grant(id, {
    amount: 50,
    reason: "test",
    actorId: "test",
    correlationId: "test",
  });
  return { tenantId: id, admin: await signIn(email) };
}

async function newStaff(role: "reviewer" | "super_admin", assignedTo: TenantId[] = []) {
  const email = `${role}.${randomUUID()}@example.com`;
  const store = createIdentityRepositories(table);
  const userId = await store.users.createStaff({
    name: role === "reviewer" ? "Rita Reviewer" : "Sam Super",
    email,
    role,
    passwordHash: await hashPassword(PASSWORD),
  });
  for (const tenantId of assignedTo) await store.assignments.assign(userId, tenantId);
  return { userId, token: await signIn(email) };
}

type Run = { runId: string; status: string; content?: { contentId: string } };
type Item = {
  contentId: string;
  status: string;
  latestVersion: number;
  revisions: number;
  revisionRunId?: string;
  feedback?: { text: string };
  scheduledFor?: string;
  versions: {
    version: number;
    source: { kind: string; userId?: string };
    findings: unknown[];
    feedback?: string;
  }[];
  comments: { body: string; author: { userId: string; role: string; name?: string } }[];
  brief?: { topic: string };
};

async function runToReview(admin: string, topic = "Winter running") {
  const started = await callApi<{ runId: string }>(cloud, "POST", "/api/tenant/v1/agents/blog-writer/runs", {
    token: admin,
    body: { input: { topic, keywords: ["winter running"], length: "short" } },
  });
  expect(started.status, started.text).toBe(202);
  const run = await until(
    async () =>
      (await callApi<Run>(cloud, "GET", `/api/tenant/v1/runs/${started.json.runId}`, { token: admin })).json,
    (r) => r.status === "succeeded" || r.status === "failed",
    "the first run",
  );
  expect(run.status, JSON.stringify(run)).toBe("succeeded");
  const contentId = run.content?.contentId;
  if (!contentId) throw new Error("the run wrote no content");
  return { runId: run.runId, contentId };
}

/** A socket of the caller's, through the front door with a fresh ticket. */
async function socketOf(token: string): Promise<Socket> {
  const socket = await openSocket(cloud, await ticketFor(cloud, `Bearer ${token}`));
  sockets.push(socket);
  return socket;
}

type Message = {
  type: string;
  tenantId: string;
  runId?: string;
  contentId?: string;
  data: Record<string, unknown>;
};

/** Waits until the socket has received a message that `matches`. */
async function heard(socket: Socket, what: string, matches: (m: Message) => boolean): Promise<Message> {
  const found = await until(
    async () => (socket.messages as Message[]).find(matches),
    (m) => m !== undefined,
    `the socket hearing ${what}`,
  );
  if (!found) throw new Error(`never heard ${what}`);
  return found;
}

async function notificationKinds(path: string, token: string): Promise<string[]> {
  const answer = await callApi<{ items: { kind: string }[] }>(cloud, "GET", path, { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.items.map((n) => n.kind);
}

const dm = (tenantId: string, contentId: string, rest = "") =>
  `/api/dm/v1/tenants/${tenantId}/content/${contentId}${rest}`;

describe("the review loop", () => {
  it("runs, reviews, revises on feedback, approves and schedules — live on sockets, notified, audited, the revision free", async () => {
    const { tenantId, admin } = await newTenant();
    const reviewer = await newStaff("reviewer", [tenantId]);
    const tenantSocket = await socketOf(admin);
    const reviewerSocket = await socketOf(reviewer.token);
    const { runId, contentId } = await runToReview(admin);

    // The tenant watched the run over its socket: progress, completion, the item waiting for review.
    await heard(
      tenantSocket,
      "the run's completion",
      (m) => m.type === "agent.completed" && m.runId === runId,
    );
    // Deliveries are at least once and unordered (each event its own fan-out): progress may come last.
    await heard(tenantSocket, "the run's progress", (m) => m.type === "agent.progress" && m.runId === runId);
    await heard(
      tenantSocket,
      "the item in review",
      (m) => m.type === "content.status-changed" && m.data.to === "in_review",
    );
    // The assigned reviewer heard it too, and was notified.
    await heard(reviewerSocket, "a notification", (m) => m.type === "notification.created");
    expect(await notificationKinds("/api/dm/v1/notifications", reviewer.token)).toContain("review.waiting");

    const queue = await callApi<{ items: { tenantId: string; contentId: string; waitingSeconds: number }[] }>(
      cloud,
      "GET",
      "/api/dm/v1/queue",
      { token: reviewer.token },
    );
    expect(queue.status).toBe(200);
    expect(queue.json.items).toEqual([
      expect.objectContaining({ tenantId, contentId, waitingSeconds: expect.any(Number) }),
    ]);

    const item = await callApi<Item>(cloud, "GET", dm(tenantId, contentId), { token: reviewer.token });
    expect(item.status, item.text).toBe(200);
    expect(item.json).toMatchObject({
      tenantName: "Review loop",
      status: "in_review",
      latestVersion: 1,
      brief: { topic: "Winter running" },
    });
    expect(item.json.versions).toEqual([
      expect.objectContaining({ version: 1, source: expect.objectContaining({ kind: "agent" }) }),
    ]);

    expect(
      (
        await callApi(cloud, "POST", dm(tenantId, contentId, "/comments"), {
          token: reviewer.token,
          body: { body: "Intro is long." },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await callApi(cloud, "POST", `/api/tenant/v1/content/${contentId}/comments`, {
          token: admin,
          body: { body: "Agreed." },
        })
      ).status,
    ).toBe(201);

    const asked = await callApi<Item>(cloud, "POST", dm(tenantId, contentId, "/request-changes"), {
      token: reviewer.token,
      body: { version: 1, feedback: "Shorter intro, please" },
    });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.json).toMatchObject({
      status: "generating",
      revisions: 1,
      feedback: { text: "Shorter intro, please" },
    });
    const revisionRunId = asked.json.revisionRunId;
    expect(revisionRunId).toEqual(expect.any(String));

    const revised = await until(
      async () =>
        (await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, { token: admin })).json,
      (i) => i.status !== "generating",
      "the revision",
    );
    expect(revised).toMatchObject({ status: "in_review", latestVersion: 2 });
    expect(revised.versions.map((v) => v.version)).toEqual([1, 2]);
    await heard(
      tenantSocket,
      "version 2 in review",
      (m) => m.type === "content.status-changed" && m.data.to === "in_review" && m.data.version === 2,
    );
    expect(revised.versions[1]?.feedback).toBe("Shorter intro, please");
    expect(revised.comments.map((c) => [c.author.role, c.body])).toEqual([
      ["reviewer", "Intro is long."],
      ["admin", "Agreed."],
    ]);
    const revisionRun = await callApi<Run>(cloud, "GET", `/api/tenant/v1/runs/${revisionRunId}`, {
      token: admin,
    });
    expect(revisionRun.json).toMatchObject({ status: "succeeded", credits: { reserved: 0, charged: 0 } });

    const diff = await callApi<{ fields: { path: string; lines: { op: string; text: string }[] }[] }>(
      cloud,
      "GET",
      dm(tenantId, contentId, "/diff?from=1&to=2"),
      { token: reviewer.token },
    );
    expect(diff.status).toBe(200);
    const article = diff.json.fields.find((f) => f.path === "article");
    expect(article?.lines.some((l) => l.op === "add" && l.text.includes("Revised after feedback"))).toBe(
      true,
    );

    const stale = await callApi(cloud, "POST", dm(tenantId, contentId, "/approve"), {
      token: reviewer.token,
      body: { version: 1 },
    });
    expect(stale.status).toBe(409);
    const approved = await callApi<Item>(cloud, "POST", dm(tenantId, contentId, "/approve"), {
      token: reviewer.token,
      body: { version: 2 },
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.status).toBe("approved");
    const again = await callApi<{ error: { code: string } }>(
      cloud,
      "POST",
      dm(tenantId, contentId, "/approve"),
      { token: reviewer.token, body: { version: 2 } },
    );
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("CONTENT.ILLEGAL_TRANSITION");

    const scheduled = await callApi<Item>(cloud, "PUT", `/api/tenant/v1/content/${contentId}/schedule`, {
      token: admin,
      body: { scheduledFor: "2027-01-15T09:00:00Z" },
    });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(scheduled.json).toMatchObject({ status: "scheduled", scheduledFor: "2027-01-15T09:00:00.000Z" });
    const calendar = await callApi<{ items: { contentId: string; scheduledFor: string }[] }>(
      cloud,
      "GET",
      "/api/tenant/v1/calendar?from=2027-01-01&to=2027-01-31",
      { token: admin },
    );
    expect(calendar.json.items).toEqual([
      expect.objectContaining({ contentId, scheduledFor: "2027-01-15T09:00:00.000Z" }),
    ]);
    const february = await callApi<{ items: unknown[] }>(
      cloud,
      "GET",
      "/api/tenant/v1/calendar?from=2027-02-01&to=2027-02-28",
      { token: admin },
    );
    expect(february.json.items).toEqual([]);

    const audit = await callApi<{
      items: { type: string; actor?: { userId: string }; details?: Record<string, unknown> }[];
    }>(cloud, "GET", "/api/tenant/v1/audit", { token: admin });
    const decisions = audit.json.items
      .filter((e) => e.type.startsWith("content."))
      .map((e) => [e.type, e.details?.version]);
    expect(decisions).toEqual([
      ["content.scheduled", 2],
      ["content.approved", 2],
      ["content.changes-requested", 1],
    ]);
    const emptyQueue = await callApi<{ items: unknown[] }>(cloud, "GET", "/api/dm/v1/queue", {
      token: reviewer.token,
    });
    expect(emptyQueue.json.items).toEqual([]);

    // Each party was notified: the tenant of the request for changes and of the approval.
    await heard(
      tenantSocket,
      "the approval",
      (m) => m.type === "content.status-changed" && m.data.to === "approved",
    );
    const tenantKinds = await until(
      () => notificationKinds("/api/tenant/v1/notifications", admin),
      (kinds) => kinds.includes("content.approved"),
      "the tenant's notifications",
    );
    expect(tenantKinds).toEqual(expect.arrayContaining(["content.changes-requested", "content.approved"]));
  }, 240_000);

  it("refuses a reviewer who is not assigned to the tenant, on every review route", async () => {
    const { tenantId, admin } = await newTenant();
    const other = await newTenant();
    await newStaff("reviewer", [tenantId]);
    const outsider = await newStaff("reviewer", [other.tenantId]);
    const { contentId } = await runToReview(admin, "Isolation");
    const attempts: [string, string, unknown?][] = [
      ["GET", dm(tenantId, contentId)],
      ["GET", dm(tenantId, contentId, "/versions/1")],
      ["GET", dm(tenantId, contentId, "/diff?from=1&to=1")],
      ["POST", dm(tenantId, contentId, "/approve"), { version: 1 }],
      ["POST", dm(tenantId, contentId, "/request-changes"), { version: 1, feedback: "No" }],
      ["PUT", dm(tenantId, contentId), { version: 1, body: {} }],
      ["POST", dm(tenantId, contentId, "/comments"), { body: "Hello" }],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await callApi(cloud, method, path, { token: outsider.token, ...(body ? { body } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.text).not.toContain(contentId);
    }
    const queue = await callApi<{ items: unknown[] }>(cloud, "GET", "/api/dm/v1/queue", {
      token: outsider.token,
    });
    expect(queue.json.items).toEqual([]);
    const item = await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, { token: admin });
    expect(item.json).toMatchObject({ status: "in_review", latestVersion: 1, comments: [] });
  }, 180_000);

  it("pages a reviewer's queue across their tenants, oldest first, naming each tenant", async () => {
    const north = await newTenant("Northwind Running");
    const south = await newTenant("Southpaw Boxing");
    const reviewer = await newStaff("reviewer", [north.tenantId, south.tenantId]);
    const first = await runToReview(north.admin, "Trail shoes");
    const second = await runToReview(south.admin, "Hand wraps");
    type Queue = {
      items: { tenantId: string; tenantName?: string; contentId: string }[];
      nextCursor?: string;
    };
    const queuePage = async (query: string) => {
      const answer = await callApi<Queue>(cloud, "GET", `/api/dm/v1/queue${query}`, {
        token: reviewer.token,
      });
      expect(answer.status, answer.text).toBe(200);
      return answer.json;
    };

    const whole = await queuePage("");
    expect(whole.items).toEqual([
      expect.objectContaining({
        tenantId: north.tenantId,
        tenantName: "Northwind Running",
        contentId: first.contentId,
      }),
      expect.objectContaining({
        tenantId: south.tenantId,
        tenantName: "Southpaw Boxing",
        contentId: second.contentId,
      }),
    ]);
    expect(whole.nextCursor).toBeUndefined();

    const one = await queuePage("?limit=1");
    expect(one.items.map((i) => i.contentId)).toEqual([first.contentId]);
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await queuePage(`?limit=1&cursor=${encodeURIComponent(one.nextCursor as string)}`);
    expect(two.items.map((i) => [i.contentId, i.tenantName])).toEqual([
      [second.contentId, "Southpaw Boxing"],
    ]);
    // DynamoDB cannot tell a full page from the last one: at most one more page, and it is empty.
    if (two.nextCursor) {
      const three = await queuePage(`?limit=1&cursor=${encodeURIComponent(two.nextCursor)}`);
      expect(three).toEqual({ items: [] });
    }

    // A cursor that was altered, or is not a cursor at all, is the caller's mistake.
    for (const cursor of [`${one.nextCursor}x`, "not-a-cursor"]) {
      const refused = await callApi<{ error: { code: string } }>(
        cloud,
        "GET",
        `/api/dm/v1/queue?cursor=${encodeURIComponent(cursor)}`,
        { token: reviewer.token },
      );
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.error.code).toBe("VALIDATION_ERROR");
    }
  }, 240_000);

  it("lets one of two reviewers deciding on the same version win, and wakes the agent once", async () => {
    const { tenantId, admin } = await newTenant();
    const a = await newStaff("reviewer", [tenantId]);
    const b = await newStaff("reviewer", [tenantId]);
    const { contentId } = await runToReview(admin, "Races");
    const answers = await Promise.all(
      [a, b].map((r) =>
        callApi(cloud, "POST", dm(tenantId, contentId, "/request-changes"), {
          token: r.token,
          body: { version: 1, feedback: `From ${r.userId}` },
        }),
      ),
    );
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
    const revised = await until(
      async () =>
        (await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, { token: admin })).json,
      (i) => i.status === "in_review",
      "the revision",
    );
    expect(revised).toMatchObject({ latestVersion: 2, revisions: 1 });
    const runs = await callApi<{ items: { role: string }[] }>(
      cloud,
      "GET",
      "/api/tenant/v1/runs?role=blog-writer",
      { token: admin },
    );
    expect(runs.json.items).toHaveLength(2);

    const [approve, requestChanges] = await Promise.all([
      callApi(cloud, "POST", dm(tenantId, contentId, "/approve"), { token: a.token, body: { version: 2 } }),
      callApi(cloud, "POST", dm(tenantId, contentId, "/request-changes"), {
        token: b.token,
        body: { version: 2, feedback: "Again" },
      }),
    ]);
    expect([approve.status, requestChanges.status].sort()).toEqual([200, 409]);
    const after = await callApi<{ items: unknown[] }>(cloud, "GET", "/api/tenant/v1/runs?role=blog-writer", {
      token: admin,
    });
    expect(after.json.items).toHaveLength(requestChanges.status === 200 ? 3 : 2);
  }, 240_000);
});

describe("review policies and edits", () => {
  it("approves at once under none; asks the tenant after the reviewer under reviewer-then-tenant; a lock holds", async () => {
    const { tenantId, admin } = await newTenant();
    const reviewer = await newStaff("reviewer", [tenantId]);
    const superAdmin = await newStaff("super_admin");

    expect(
      (
        await callApi(cloud, "PUT", "/api/tenant/v1/review-policy", {
          token: admin,
          body: { policy: "none" },
        })
      ).status,
    ).toBe(200);
    const auto = await runToReview(admin, "No review");
    const autoItem = await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${auto.contentId}`, {
      token: admin,
    });
    expect(autoItem.json.status).toBe("approved");

    const locked = await callApi(cloud, "PUT", `/api/admin/v1/tenants/${tenantId}/review-policy`, {
      token: superAdmin.token,
      body: { policy: "reviewer-then-tenant", locked: true },
    });
    expect(locked.status, locked.text).toBe(200);
    const refused = await callApi<{ error: { code: string } }>(cloud, "PUT", "/api/tenant/v1/review-policy", {
      token: admin,
      body: { policy: "none" },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("REVIEW_POLICY.LOCKED");
    // The super-admin reads what is set; a tenant that does not exist is 404, and nothing is written.
    const read = await callApi(cloud, "GET", `/api/admin/v1/tenants/${tenantId}/review-policy`, {
      token: superAdmin.token,
    });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({
      policy: "reviewer-then-tenant",
      locked: true,
      updatedBy: superAdmin.userId,
    });
    const nowhere = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    for (const [method, body] of [
      ["GET", undefined],
      ["PUT", { policy: "none", locked: false }],
    ] as const) {
      const missing = await callApi<{ error: { code: string } }>(
        cloud,
        method,
        `/api/admin/v1/tenants/${nowhere}/review-policy`,
        { token: superAdmin.token, ...(body ? { body } : {}) },
      );
      expect(missing.status, `${method} ${missing.text}`).toBe(404);
      expect(missing.json.error.code).toBe("TENANT.NOT_FOUND");
    }
    const stored = await dynamodb.send(
      new QueryCommand({
        TableName: cloud.locator.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `TENANT#${nowhere}` } },
      }),
    );
    expect(stored.Items ?? []).toEqual([]);

    const { contentId } = await runToReview(admin, "Two steps");
    const early = await callApi(cloud, "POST", `/api/tenant/v1/content/${contentId}/approve`, {
      token: admin,
      body: { version: 1 },
    });
    expect(early.status).toBe(409);
    const first = await callApi<Item>(cloud, "POST", dm(tenantId, contentId, "/approve"), {
      token: reviewer.token,
      body: { version: 1 },
    });
    expect(first.json.status).toBe("in_tenant_review");
    const second = await callApi<Item>(cloud, "POST", `/api/tenant/v1/content/${contentId}/approve`, {
      token: admin,
      body: { version: 1 },
    });
    expect(second.status, second.text).toBe(200);
    expect(second.json.status).toBe("approved");
  }, 240_000);

  it("takes a reviewer's edit as a new version attributed to them, and refuses a body of the wrong shape", async () => {
    const { tenantId, admin } = await newTenant();
    const reviewer = await newStaff("reviewer", [tenantId]);
    const { contentId } = await runToReview(admin, "Edits");
    const v1 = await callApi<{ body: Record<string, unknown> }>(
      cloud,
      "GET",
      `/api/tenant/v1/content/${contentId}/versions/1`,
      { token: admin },
    );
    const bad = await callApi<{ error: { code: string; fields: { path: string }[] } }>(
      cloud,
      "PUT",
      dm(tenantId, contentId),
      {
        token: reviewer.token,
        body: { version: 1, body: { ...v1.json.body, title: 42 } },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
    expect(bad.json.error.fields.map((f) => f.path)).toContain("body.title");

    const edited = await callApi<Item>(cloud, "PUT", dm(tenantId, contentId), {
      token: reviewer.token,
      body: { version: 1, body: { ...v1.json.body, title: "A sharper title" } },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ status: "in_review", latestVersion: 2 });
    // The tenant's view keeps the reviewer unnamed; the reviewers' view names the people who wrote.
    const detail = await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, { token: admin });
    expect(detail.json.versions[1]?.source).toEqual({
      kind: "person",
      userId: reviewer.userId,
      role: "reviewer",
    });
    const comment = (token: string, body: string, path: string) =>
      callApi(cloud, "POST", path, { token, body: { body } });
    expect((await comment(admin, "Thanks!", `/api/tenant/v1/content/${contentId}/comments`)).status).toBe(
      201,
    );
    expect((await comment(reviewer.token, "Welcome.", dm(tenantId, contentId, "/comments"))).status).toBe(
      201,
    );
    const tenantView = await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, {
      token: admin,
    });
    expect(tenantView.json.comments.map((c) => c.author)).toEqual([
      expect.objectContaining({ role: "admin", name: "Owner" }),
      { userId: reviewer.userId, role: "reviewer" },
    ]);
    const reviewerView = await callApi<Item>(cloud, "GET", dm(tenantId, contentId), {
      token: reviewer.token,
    });
    expect(reviewerView.json.comments.map((c) => c.author)).toEqual([
      expect.objectContaining({ role: "admin", name: "Owner" }),
      { userId: reviewer.userId, role: "reviewer", name: "Rita Reviewer" },
    ]);
    expect(reviewerView.json.versions[1]?.source).toEqual({
      kind: "person",
      userId: reviewer.userId,
      role: "reviewer",
      name: "Rita Reviewer",
    });
    const list = await callApi<{ items: { contentId: string }[] }>(
      cloud,
      "GET",
      "/api/tenant/v1/content?type=blog-post&status=in_review",
      { token: admin },
    );
    expect(list.json.items.map((i) => i.contentId)).toEqual([contentId]);
    const none = await callApi<{ items: unknown[] }>(cloud, "GET", "/api/tenant/v1/content?status=approved", {
      token: admin,
    });
    expect(none.json.items).toEqual([]);
  }, 240_000);
});
