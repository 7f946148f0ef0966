/**
 * What the search indexing tests share: a tenant through sign-up with credits, a reviewer assigned to
 * it, a blog post run (offline) about a marker word, a search through the API for that word, and a
 * wait for the indexer on the bus; and the local cloud they run on.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { expect } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import type { SearchResultsView } from "#shared/contracts/search.routes";
import { hashPassword } from "#shared/domain/identity/password";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { callApi, clientConfig, eventually } from "../support.ts";
import { sharedSearchNode } from "./search-node.ts";

const PASSWORD = "correct horse battery staple";

/** A test file's local cloud on the run's shared search node, and a table client to seed it with. */
export interface IndexingCloud {
  cloud: LocalCloud;
  /** The shared search node's URL. */
  endpoint: string;
  dynamodb: DynamoDBClient;
  table: SingleTable;
  stop(): Promise<void>;
}

/**
 * Starts a cloud whose stage (`<prefix><8 hex>`) keeps its indexes apart on the shared node, with the
 * authorizer's cache off, so a reviewer's assignment takes effect at once.
 */
export async function startIndexingCloud(stagePrefix: string): Promise<IndexingCloud> {
  const endpoint = await sharedSearchNode();
  const cloud = await startLocalCloud({
    stage: `${stagePrefix}${randomUUID().slice(0, 8)}`,
    search: { endpoint },
    log: consoleLog("error"),
    authorizerCacheTtlSeconds: 0,
  });
  const dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  return {
    cloud,
    endpoint,
    dynamodb,
    table,
    async stop() {
      dynamodb.destroy();
      await cloud.stop();
    },
  };
}

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
