/**
 * The search API through the local gateway, with real sign-ins: content written by agents' runs
 * (offline drafts) and then edited by hand by the tenant's reviewer, so the text is known, indexed by
 * the search indexer from the bus into the run's shared OpenSearch node. Relevance, plain-text
 * highlights, counts, cursor pages, typo tolerance, the 400s, tenant isolation, and a reviewer's search
 * that follows their assignments.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import type { SearchResultsView } from "#shared/contracts/search.routes";
import { hashPassword } from "#shared/domain/identity/password";
import { SEARCH_NODE_HOOK_TIMEOUT_MS } from "./search/search-node.ts";
import { callApi, until } from "./support.ts";

const PASSWORD = "correct horse battery staple";
/** Every run's input and every edited article holds it: the term every seeded document matches. */
const SHARED = "marigold";
/** Only some edited articles hold it, a different number of times each. */
const RARE = "quillwort";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let table: SingleTable;

type ErrorBody = { error: { code: string; message: string; requestId: string } };

/** A tenant as the seeding left it: who signs in, and what its documents are. */
interface SeededTenant {
  tenantId: string;
  admin: string;
  reviewer: { userId: string; token: string };
  runIds: string[];
  /** Content ids by their edited title. */
  content: Record<string, string>;
}

let superAdmin: string;
let a: SeededTenant;
let b: SeededTenant;

beforeAll(async () => {
  cloud = await startLocalCloud({ stage: `q${randomUUID().slice(0, 8)}`, log: consoleLog("error") });
  dynamodb = new DynamoDBClient({
    region: cloud.region,
    endpoint: cloud.urls.dynamodb,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  superAdmin = (await newStaff("super_admin")).token;
  // Two tenants with the same vocabulary; A's articles mention the rare term 4 times, once, never.
  a = await seedTenant([
    { title: `${cap(RARE)} harbour guide`, article: repeat(`The ${RARE} grows by the ${SHARED} beds.`, 4) },
    {
      title: "Harbour events",
      article: `A ${SHARED} walk, then a talk on ${RARE} and long lines of dull text.`,
    },
    { title: "Sunset paddles", article: `A ${SHARED} paddle at dusk.` },
  ]);
  b = await seedTenant([
    { title: `${cap(RARE)} notes`, article: `The ${RARE} and the ${SHARED} in tenant B.` },
  ]);
  // A's last item is approved, so the statuses differ.
  const approved = await callApi(cloud, "POST", dm(a, a.content["Sunset paddles"], "/approve"), {
    token: a.reviewer.token,
    body: { version: 2 },
  });
  expect(approved.status, approved.text).toBe(200);
  await indexed(a, 6, (page) => page.counts.status.approved === 1);
  await indexed(b, 2);
  // The node may take its whole budget to start; four agents' runs and their indexing come on top.
}, SEARCH_NODE_HOOK_TIMEOUT_MS + 240_000);

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function repeat(sentence: string, times: number): string {
  return Array.from({ length: times }, () => sentence).join(" ");
}

function dm(tenant: SeededTenant, contentId: string | undefined, suffix = ""): string {
  return `/api/dm/v1/tenants/${tenant.tenantId}/content/${contentId}${suffix}`;
}

function search(token: string, query: Record<string, string>, scope: "tenant" | "dm" = "tenant") {
  return callApi<SearchResultsView & ErrorBody>(
    cloud,
    "GET",
    `/api/${scope}/v1/search?${new URLSearchParams(query)}`,
    { token },
  );
}

async function signIn(email: string): Promise<string> {
  const answer = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: PASSWORD },
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.accessToken;
}

async function newStaff(role: "reviewer" | "super_admin"): Promise<{ userId: string; token: string }> {
  const email = `${role}.${randomUUID()}@example.com`;
  const userId = await createIdentityRepositories(table).users.createStaff({
    name: role === "reviewer" ? "Rita Reviewer" : "Sam Super",
    email,
    role,
    passwordHash: await hashPassword(PASSWORD),
  });
  return { userId, token: await signIn(email) };
}

/**
 * A tenant registered through the API with a reviewer assigned by the super-admin; one `blog-writer`
 * run per article, each content item then edited by the reviewer to the given title and article.
 */
async function seedTenant(articles: { title: string; article: string }[]): Promise<SeededTenant> {
  const registered = await callApi<{ accessToken: string; user: { tenantId: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/register",
    {
      body: {
        tenantName: "Harbour Kayaks",
        name: "Owner",
        email: `owner.${randomUUID()}@example.com`,
        password: PASSWORD,
      },
    },
  );
  expect(registered.status, registered.text).toBe(201);
  const tenant: SeededTenant = {
    tenantId: registered.json.user.tenantId,
    admin: registered.json.accessToken,
    reviewer: await newStaff("reviewer"),
    runIds: [],
    content: {},
  };
  const assigned = await callApi(
    cloud,
    "PUT",
    `/api/admin/v1/tenants/${tenant.tenantId}/reviewers/${tenant.reviewer.userId}`,
    { token: superAdmin },
  );
  expect(assigned.status, assigned.text).toBe(201);
  for (const [n, { title, article }] of articles.entries()) {
    const started = await callApi<{ runId: string }>(
      cloud,
      "POST",
      "/api/tenant/v1/agents/blog-writer/runs",
      {
        token: tenant.admin,
        body: {
          input: { topic: `${cap(SHARED)} kayaking ${n}`, keywords: [`${SHARED} kayaking`], length: "short" },
        },
      },
    );
    expect(started.status, started.text).toBe(202);
    const run = await until(
      async () =>
        (
          await callApi<{ status: string; content?: { contentId: string } }>(
            cloud,
            "GET",
            `/api/tenant/v1/runs/${started.json.runId}`,
            { token: tenant.admin },
          )
        ).json,
      (r) => r.status === "succeeded" || r.status === "failed",
      "the run",
    );
    const contentId = run.content?.contentId;
    expect(run.status, JSON.stringify(run)).toBe("succeeded");
    if (!contentId) throw new Error("the run wrote no content");
    const v1 = await callApi<{ body: Record<string, unknown> }>(
      cloud,
      "GET",
      `/api/tenant/v1/content/${contentId}/versions/1`,
      { token: tenant.admin },
    );
    expect(v1.status, v1.text).toBe(200);
    expect(Object.keys(v1.json.body), v1.text).toContain("metaDescription");
    const edited = await callApi(cloud, "PUT", dm(tenant, contentId), {
      token: tenant.reviewer.token,
      body: {
        version: 1,
        // The outline names the article's headings (the blog post's schema checks it).
        body: {
          ...v1.json.body,
          title,
          outline: ["Overview", "Details"],
          article: `## Overview\n\n${article}\n\n## Details\n\nMore soon.`,
        },
      },
    });
    expect(edited.status, edited.text).toBe(200);
    tenant.runIds.push(started.json.runId);
    tenant.content[title] = contentId;
  }
  return tenant;
}

/** Waits until the tenant's search for the shared term finds all its documents, with their edits. */
async function indexed(
  tenant: SeededTenant,
  documents: number,
  more: (page: SearchResultsView) => boolean = () => true,
): Promise<void> {
  const articles = Object.keys(tenant.content).length;
  await until(
    async () => (await search(tenant.admin, { q: SHARED, limit: "50" })).json,
    (page) =>
      page.total === documents &&
      // Every content document holds its edited title, not the offline draft's.
      page.items.filter((i) => i.type === "content" && i.title in tenant.content).length === articles &&
      more(page),
    "the seeded documents in search",
  );
}

/** A 400 in the standard error shape (`fields` may name the offending parameters). */
function expectInvalid(answer: { status: number; json: ErrorBody }): void {
  expect(answer.status).toBe(400);
  expect(answer.json).toMatchObject({
    error: { code: "VALIDATION_ERROR", message: expect.any(String), requestId: expect.any(String) },
  });
}

describe("GET /api/tenant/v1/search through the gateway", () => {
  it("ranks the document with the term in its title and body most often first", async () => {
    const answer = await search(a.admin, { q: RARE });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.items.map((i) => i.id)).toEqual([
      a.content[`${cap(RARE)} harbour guide`],
      a.content["Harbour events"],
    ]);
    expect(answer.json.items[0]?.score).toBeGreaterThan(answer.json.items[1]?.score ?? Infinity);
  });

  it("answers highlights as plain text whose offsets point at the matched term", async () => {
    const answer = await search(a.admin, { q: RARE });
    let marks = 0;
    for (const item of answer.json.items) {
      const fragments = [...(item.highlights.title ?? []), ...(item.highlights.body ?? [])];
      expect(fragments.length).toBeGreaterThan(0);
      for (const fragment of fragments) {
        expect(fragment.text).not.toMatch(/[<>\uE000-\uF8FF]/);
        for (const [start, end] of fragment.marks) {
          expect(fragment.text.slice(start, end).toLowerCase()).toBe(RARE);
          marks += 1;
        }
      }
    }
    // Title once and four times in the body of the first, once in the body of the second.
    expect(marks).toBeGreaterThanOrEqual(3);
    expect(answer.json.items[0]?.highlights.title?.[0]?.marks).toEqual([[0, RARE.length]]);
  });

  it("counts the matches per type and status as seeded, and the filters agree with the counts", async () => {
    const answer = await search(a.admin, { q: SHARED });
    expect(answer.json.total).toBe(6);
    expect(answer.json.counts).toEqual({
      type: { run: 3, content: 3 },
      status: { succeeded: 3, in_review: 2, approved: 1 },
    });
    const runs = await search(a.admin, { q: SHARED, type: "run" });
    expect(runs.json.items.map((i) => i.id).sort()).toEqual([...a.runIds].sort());
    const approved = await search(a.admin, { q: SHARED, status: "approved" });
    expect(approved.json.items.map((i) => i.id)).toEqual([a.content["Sunset paddles"]]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = await search(a.admin, { q: SHARED, from: tomorrow });
    expect(future.json).toMatchObject({ total: 0, items: [] });
  });

  it("walks every result exactly once by cursor, two at a time", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await search(a.admin, { q: SHARED, limit: "2", ...(cursor ? { cursor } : {}) });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...answer.json.items.map((i) => `${i.type}:${i.id}`));
      cursor = answer.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(cursor).toBeUndefined();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(
      [...a.runIds.map((id) => `run:${id}`), ...Object.values(a.content).map((id) => `content:${id}`)].sort(),
    );
  });

  it("refuses a cursor from another query, another tenant or tampered with, with a 400", async () => {
    const first = await search(a.admin, { q: SHARED, limit: "2" });
    const cursor = first.json.nextCursor;
    if (!cursor) throw new Error("the first page has no cursor");
    expectInvalid(await search(a.admin, { q: RARE, limit: "2", cursor }));
    expectInvalid(await search(a.admin, { q: SHARED, limit: "3", cursor }));
    expectInvalid(await search(b.admin, { q: SHARED, limit: "2", cursor }));
    const flipped = `${cursor.slice(0, -2)}${cursor.at(-2) === "A" ? "B" : "A"}${cursor.at(-1)}`;
    expectInvalid(await search(a.admin, { q: SHARED, limit: "2", cursor: flipped }));
    expectInvalid(await search(a.admin, { q: SHARED, limit: "2", cursor: "not-a-cursor" }));
    // The genuine cursor still works.
    expect((await search(a.admin, { q: SHARED, limit: "2", cursor })).status).toBe(200);
  });

  it("answers 400 in the standard shape for a bad type, status, date, date order or too long a query", async () => {
    const queries: Record<string, string>[] = [
      { q: SHARED, type: "invoice" },
      { q: SHARED, status: "shredded" },
      { q: SHARED, from: "yesterday" },
      { q: SHARED, to: "2026-13-45" },
      { q: SHARED, from: "2026-12-06", to: "2026-12-01" },
      { q: "x".repeat(201) },
      { q: "   " },
    ];
    for (const query of queries) {
      const answer = await search(a.admin, query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expectInvalid(answer);
    }
    expect((await search(a.admin, { q: "x".repeat(200) })).status).toBe(200);
  });

  it("finds the document with one letter missing", async () => {
    const answer = await search(a.admin, { q: "quilwort" });
    expect(answer.json.items.map((i) => i.id)).toContain(a.content[`${cap(RARE)} harbour guide`]);
  });

  it("never answers a tenant another tenant's documents with the same vocabulary (counted)", async () => {
    for (const [tenant, own] of [
      [a, 6],
      [b, 2],
    ] as const) {
      const answer = await search(tenant.admin, { q: `${SHARED} ${RARE} kayaking`, limit: "50" });
      expect(answer.json.total).toBe(own);
      expect(answer.json.items).toHaveLength(own);
      expect(new Set(answer.json.items.map((i) => i.tenantId))).toEqual(new Set([tenant.tenantId]));
    }
  });
});

describe("GET /api/dm/v1/search through the gateway", () => {
  it("answers a reviewer only their assigned tenant's documents, and none once unassigned", async () => {
    const assigned = await search(a.reviewer.token, { q: SHARED, limit: "50" }, "dm");
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.json.total).toBe(6);
    expect(new Set(assigned.json.items.map((i) => i.tenantId))).toEqual(new Set([a.tenantId]));
    // The tenant route is a member's: the authorizer refuses a reviewer before any search runs.
    expect((await search(a.reviewer.token, { q: SHARED }, "tenant")).status).toBe(403);

    const removed = await callApi(
      cloud,
      "DELETE",
      `/api/admin/v1/tenants/${a.tenantId}/reviewers/${a.reviewer.userId}`,
      { token: superAdmin },
    );
    expect(removed.status, removed.text).toBe(204);
    const after = await search(a.reviewer.token, { q: SHARED, limit: "50" }, "dm");
    expect(after.status, after.text).toBe(200);
    expect(after.json).toMatchObject({ total: 0, items: [] });
    // B's reviewer, still assigned to B, still finds B's.
    const other = await search(b.reviewer.token, { q: SHARED, limit: "50" }, "dm");
    expect(other.json.total).toBe(2);
    expect(new Set(other.json.items.map((i) => i.tenantId))).toEqual(new Set([b.tenantId]));
  });
});
