/**
 * The handler kit, data kit, event and job kits and the real authorizer, end to end through the
 * local gateway with real ES256 tokens signed by the generated signing keys.
 */
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { readSigningKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import { signJwt } from "#shared/adapters/token-signer";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { KIT_PUBLIC_ROUTES, kitDeclaration } from "./kit/declaration.ts";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let keys: SigningKeySet;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration: kitDeclaration,
    publicRoutes: KIT_PUBLIC_ROUTES,
    log: consoleLog("error"),
  });

  keys = await readSigningKeys(
    sdkSecretReader(new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager))),
    cloud.locator.secretId("signing-keys"),
  );
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  // The authorizer honours only tokens of existing, active users in active tenants.
  for (const tenantId of ["tenant-a", "tenant-b"]) {
    await table
      .forTenant(parseTenantId(tenantId))
      .create("PROFILE", "tenant", { name: tenantId, status: "active" });
  }
  for (const [userId, role, tenantId] of [
    ["alice", "member", "tenant-a"],
    ["bob", "member", "tenant-b"],
    ["reviewer-1", "reviewer", undefined],
    ["reviewer-2", "reviewer", undefined],
  ] as const) {
    await table.platform().create("USER", userId, {
      email: `${userId}@example.com`,
      name: userId,
      role,
      tenantId,
      passwordHash: "x",
      status: "active",
    });
  }
  await new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName })
    .platform()
    .create("ASSIGNMENT", "reviewer-1:tenant-a", { reviewerId: "reviewer-1", tenantId: "tenant-a" });
  await new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName })
    .platform()
    .create("ASSIGNMENT", "reviewer-2:tenant-a", { reviewerId: "reviewer-2", tenantId: "tenant-a" });
  await new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName })
    .platform()
    .create("ASSIGNMENT", "reviewer-2:tenant-b", { reviewerId: "reviewer-2", tenantId: "tenant-b" });
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

const now = () => Math.floor(Date.now() / 1000);
function bearer(claims: Record<string, unknown>): string {
  const token = signJwt(keys, {
    iss: tokenIssuer(cloud.stage),
    aud: tokenAudience(cloud.stage),
    iat: now(),
    exp: now() + 900,
    jti: crypto.randomUUID(),
    ...claims,
  });
  return `Bearer ${token}`;
}
const alice = () => bearer({ sub: "alice", role: "member", tenantId: "tenant-a" });
const bob = () => bearer({ sub: "bob", role: "member", tenantId: "tenant-b" });

async function api(
  method: string,
  path: string,
  init: { auth?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: { ...(init.auth ? { authorization: init.auth } : {}), ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}
const postJson = (path: string, auth: string, body: unknown) =>
  api("POST", path, { auth, body: JSON.stringify(body), headers: { "content-type": "application/json" } });

async function itemsOf(tenant: string): Promise<number> {
  const result = await dynamodb.send(
    new QueryCommand({
      TableName: cloud.locator.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `TENANT#${tenant}` } },
      ConsistentRead: true,
    }),
  );
  return result.Count ?? 0;
}

describe("a route built with the kit, through the gateway and the real authorizer", () => {
  it("creates in the caller's tenant, publishes the event and enqueues the job under one correlation id", async () => {
    const created = await api("POST", "/api/tenant/v1/notes", {
      auth: alice(),
      body: JSON.stringify({ title: "Launch plan" }),
      headers: { "content-type": "application/json", "x-request-id": "corr-create-1" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-request-id")).toBe("corr-create-1");
    expect(created.json).toMatchObject({ title: "Launch plan", version: 1 });
    expect(created.json).not.toHaveProperty("pk");

    const recorded = cloud
      .events()
      .find(
        (r) =>
          r.event["detail-type"] === "note.created" &&
          JSON.stringify(r.event.detail).includes(created.json.id),
      );
    expect(recorded?.eventBusName).toBe(cloud.locator.eventBusName);
    expect(recorded?.event).toMatchObject({ source: "kit.notes" });
    expect(recorded?.event.detail).toMatchObject({
      metadata: { correlationId: "corr-create-1", tenantId: "tenant-a" },
      data: { noteId: created.json.id, title: "Launch plan" },
    });

    const sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.locator.queueUrl("jobs"),
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
      }),
    );
    sqs.destroy();
    const message = received.Messages?.find((m) => m.Body?.includes(created.json.id));
    expect(JSON.parse(message?.Body ?? "{}")).toEqual({ noteId: created.json.id });
    expect(message?.MessageAttributes?.correlationId?.StringValue).toBe("corr-create-1");
    expect(message?.MessageAttributes?.tenantId?.StringValue).toBe("tenant-a");
    expect(message?.MessageAttributes?.deduplicationId?.StringValue).toBe(created.json.id);
  });

  it("answers 404 when one tenant asks for another tenant's note, and lists only its own", async () => {
    const note = await postJson("/api/tenant/v1/notes", alice(), { title: "Alice only" });
    expect((await api("GET", `/api/tenant/v1/notes/${note.json.id}`, { auth: alice() })).status).toBe(200);
    const stolen = await api("GET", `/api/tenant/v1/notes/${note.json.id}`, { auth: bob() });
    expect(stolen.status).toBe(404);
    expect(JSON.stringify(stolen.json)).not.toContain("Alice only");
    const bobsList = await api("GET", "/api/tenant/v1/notes", { auth: bob() });
    expect(bobsList.status).toBe(200);
    expect(JSON.stringify(bobsList.json)).not.toContain("Alice only");
  });

  it("pages with opaque cursors and refuses a tampered cursor or one from another tenant with 400", async () => {
    for (const title of ["p1", "p2", "p3"]) await postJson("/api/tenant/v1/notes", bob(), { title });
    const first = await api("GET", "/api/tenant/v1/notes?limit=2", { auth: bob() });
    expect(first.json.items).toHaveLength(2);
    const cursor: string = first.json.nextCursor;
    expect(cursor).toBeTypeOf("string");
    const second = await api("GET", `/api/tenant/v1/notes?limit=2&cursor=${encodeURIComponent(cursor)}`, {
      auth: bob(),
    });
    expect(second.status).toBe(200);
    expect(second.json.items.length).toBeGreaterThan(0);

    const tampered = `${cursor.slice(0, 5)}${cursor[5] === "A" ? "B" : "A"}${cursor.slice(6)}`;
    const refusedTamper = await api("GET", `/api/tenant/v1/notes?cursor=${encodeURIComponent(tampered)}`, {
      auth: bob(),
    });
    expect(refusedTamper.status).toBe(400);
    expect(refusedTamper.json.error.code).toBe("VALIDATION_ERROR");
    const refusedOther = await api("GET", `/api/tenant/v1/notes?cursor=${encodeURIComponent(cursor)}`, {
      auth: alice(),
    });
    expect(refusedOther.status).toBe(400);
  });

  it("answers 409 to a write based on a stale version, and keeps the newer write", async () => {
    const note = await postJson("/api/tenant/v1/notes", alice(), { title: "v1" });
    const patch = (title: string, expectedVersion: number) =>
      api("PATCH", `/api/tenant/v1/notes/${note.json.id}`, {
        auth: alice(),
        body: JSON.stringify({ title, expectedVersion }),
        headers: { "content-type": "application/json" },
      });
    expect((await patch("v2", 1)).json).toMatchObject({ title: "v2", version: 2 });
    const stale = await patch("lost update", 1);
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("DATA.STALE_VERSION");
    expect((await api("GET", `/api/tenant/v1/notes/${note.json.id}`, { auth: alice() })).json.title).toBe(
      "v2",
    );
  });

  it("lets a reviewer read an assigned tenant and refuses an unassigned one, with the authorizer's answer cached", async () => {
    const reviewer = bearer({ sub: "reviewer-1", role: "reviewer" });
    expect((await api("GET", "/api/dm/v1/tenants/tenant-a/notes", { auth: reviewer })).status).toBe(200);
    // Same token, same route key: API Gateway serves the cached allow, and the kit still refuses B.
    const refused = await api("GET", "/api/dm/v1/tenants/tenant-b/notes", { auth: reviewer });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("FORBIDDEN");
    expect(JSON.stringify(refused.json)).not.toContain('tenant-b"');
    expect((await api("GET", "/api/dm/v1/tenants/tenant-a/notes", { auth: reviewer })).status).toBe(200);
  });

  it("serves each assigned tenant its own data when one cached answer covers both", async () => {
    const reviewer = bearer({ sub: "reviewer-2", role: "reviewer" });
    await postJson("/api/tenant/v1/notes", bob(), { title: "only in b" });
    const a = await api("GET", "/api/dm/v1/tenants/tenant-a/notes", { auth: reviewer });
    const b = await api("GET", "/api/dm/v1/tenants/tenant-b/notes", { auth: reviewer });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(JSON.stringify(a.json)).not.toContain("only in b");
    expect(JSON.stringify(b.json)).toContain("only in b");
  });

  it("refuses a tenant user on a reviewer route at the gateway", async () => {
    const memberOnDm = await api("GET", "/api/dm/v1/tenants/tenant-a/notes", { auth: alice() });
    expect(memberOnDm).toMatchObject({ status: 403, json: { message: "Forbidden" } });
  });

  it("refuses a missing, forged or expired token", async () => {
    expect(await api("GET", "/api/tenant/v1/notes")).toMatchObject({
      status: 401,
      json: { message: "Unauthorized" },
    });
    const [header, payload] = alice().slice("Bearer ".length).split(".");
    expect(
      (await api("GET", "/api/tenant/v1/notes", { auth: `Bearer ${header}.${payload}.AAAA` })).status,
    ).toBe(403);
    const expired = bearer({
      sub: "alice",
      role: "member",
      tenantId: "tenant-a",
      iat: now() - 2000,
      exp: now() - 1000,
    });
    expect((await api("GET", "/api/tenant/v1/notes", { auth: expired })).status).toBe(403);
  });
});

describe("bad input through the gateway: a 4xx in the standard shape, nothing written, never a 500", () => {
  const cases: [
    string,
    () => Promise<{ status: number; json: { error?: { code: string; requestId: string } } }>,
    number,
    string,
  ][] = [
    [
      "malformed JSON",
      () =>
        api("POST", "/api/tenant/v1/notes", {
          auth: alice(),
          body: '{"title":',
          headers: { "content-type": "application/json" },
        }),
      400,
      "MALFORMED_JSON",
    ],
    [
      "a wrong content type",
      () =>
        api("POST", "/api/tenant/v1/notes", {
          auth: alice(),
          body: "title=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "an oversized body",
      () => postJson("/api/tenant/v1/notes", alice(), { title: "x", text: "y".repeat(5000) }),
      413,
      "PAYLOAD_TOO_LARGE",
    ],
    [
      "an unknown field where the schema is strict",
      () => postJson("/api/tenant/v1/notes", alice(), { title: "x", tenantId: "tenant-b" }),
      400,
      "VALIDATION_ERROR",
    ],
    [
      "a missing required field",
      () => postJson("/api/tenant/v1/notes", alice(), { text: "no title" }),
      400,
      "VALIDATION_ERROR",
    ],
    [
      "a JSON body that is not an object",
      () => postJson("/api/tenant/v1/notes", alice(), ["title"]),
      400,
      "VALIDATION_ERROR",
    ],
    [
      "an invalid path parameter",
      () =>
        api("PATCH", "/api/tenant/v1/notes/not-a-ulid", {
          auth: alice(),
          body: '{"title":"x","expectedVersion":1}',
          headers: { "content-type": "application/json" },
        }),
      400,
      "VALIDATION_ERROR",
    ],
    [
      "an unknown query parameter",
      () => api("GET", "/api/tenant/v1/notes?admin=true", { auth: alice() }),
      400,
      "VALIDATION_ERROR",
    ],
    [
      "a tampered cursor",
      () => api("GET", "/api/tenant/v1/notes?cursor=eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA", { auth: alice() }),
      400,
      "VALIDATION_ERROR",
    ],
    [
      "a write to a note that does not exist",
      () =>
        api("PATCH", "/api/tenant/v1/notes/01J00000000000000000000000", {
          auth: alice(),
          body: '{"title":"x","expectedVersion":1}',
          headers: { "content-type": "application/json" },
        }),
      404,
      "NOT_FOUND",
    ],
  ];

  it.each(cases)("refuses %s", async (_name, send, status, code) => {
    const before = await itemsOf("tenant-a");
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.json).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }),
    });
    expect(await itemsOf("tenant-a")).toBe(before);
  });
});
