/**
 * What the search indexing tests share: a tenant through sign-up with credits, a reviewer assigned to
 * it, a blog post run (offline) about a marker word, a search through the API for that word, and a
 * wait for the indexer on the bus.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import type { SingleTable } from "#shared/adapters/dynamodb/table";
import type { SearchResultsView } from "#shared/contracts/search.routes";
import { hashPassword } from "#shared/domain/identity/password";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { callApi, eventually } from "../support.ts";

const PASSWORD = "correct horse battery staple";

/** A word no other test's documents hold: letters first, so the analyzer keeps it one token. */
export function marker(): string {
  return `m${randomUUID().replace(/-/g, "").slice(0, 10)}`;
}

async function signIn(cloud: LocalCloud, email: string): Promise<string> {
  const answer = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: PASSWORD },
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.accessToken;
}

/** A tenant through sign-up (its admin signed in), with credits for a few runs. */
export async function newTenant(
  cloud: LocalCloud,
  table: SingleTable,
): Promise<{ tenantId: TenantId; admin: string }> {
  const registered = await callApi<{ accessToken: string; user: { tenantId: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/register",
    {
      body: {
        tenantName: `Indexing ${randomUUID()}`,
        name: "Owner",
        email: `owner.${randomUUID()}@example.com`,
        password: PASSWORD,
      },
    },
  );
  expect(registered.status, registered.text).toBe(201);
  const tenantId = parseTenantId(registered.json.user.tenantId);
  await createCredits(table).grant(tenantId, {
    amount: 50,
    reason: "test",
    actorId: "test",
    correlationId: "test",
  });
  return { tenantId, admin: registered.json.accessToken };
}

/** A reviewer assigned to `tenantId`, signed in: their access token. */
export async function newReviewer(
  cloud: LocalCloud,
  table: SingleTable,
  tenantId: TenantId,
): Promise<string> {
  const email = `reviewer.${randomUUID()}@example.com`;
  const store = createIdentityRepositories(table);
  const userId = await store.users.createStaff({
    name: "Rita Reviewer",
    email,
    role: "reviewer",
    passwordHash: await hashPassword(PASSWORD),
  });
  await store.assignments.assign(userId, tenantId);
  return signIn(cloud, email);
}

/** The caller's search for `q` (of one type, when given): the items found. */
export async function searchFor(
  cloud: LocalCloud,
  token: string,
  q: string,
  type?: string,
): Promise<SearchResultsView["items"]> {
  const query = new URLSearchParams({ q, ...(type ? { type } : {}) });
  const answer = await callApi<SearchResultsView>(cloud, "GET", `/api/tenant/v1/search?${query}`, { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.items;
}

/** A `blog-writer` run (the offline model) about `word`, finished: the content item it wrote. */
export async function blogPostAbout(cloud: LocalCloud, token: string, word: string): Promise<string> {
  const started = await callApi<{ runId: string }>(cloud, "POST", "/api/tenant/v1/agents/blog-writer/runs", {
    token,
    body: { input: { topic: `Winter running ${word}`, keywords: [word], length: "short" } },
  });
  expect(started.status, started.text).toBe(202);
  const run = await eventually(async () => {
    const answer = await callApi<{ status: string; content?: { contentId: string } }>(
      cloud,
      "GET",
      `/api/tenant/v1/runs/${started.json.runId}`,
      { token },
    );
    expect(answer.json.status).toMatch(/succeeded|failed/);
    return answer.json;
  }, "the run");
  const contentId = run.content?.contentId;
  if (!contentId) throw new Error(`the run wrote no content: ${JSON.stringify(run)}`);
  return contentId;
}
