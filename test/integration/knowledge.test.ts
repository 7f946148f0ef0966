/**
 * The knowledge base on the local cloud: documents through the gateway (1 MiB bodies stored whole,
 * limits answered 400/413, roles, tenant scoping), and the chunk index on the real OpenSearch node —
 * the indexer on the bus chunks, embeds and indexes an added document and removes a deleted one's
 * chunks (delete-by-query), and retrieval over 20 tenants with overlapping vocabulary returns only the
 * caller's chunks. The cloud creates its stage's indexes (the search migration) as it starts.
 */
import { randomUUID } from "node:crypto";
import { DeleteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { countKnowledge } from "#scripts/ops/count-knowledge";
import {
  createKnowledgeRepository,
  setDocumentCount,
} from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { createLocalEmbedder } from "#shared/adapters/embeddings/local-embedder";
import { lazySearchClient } from "#shared/adapters/search/client";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { OpenSearchStore } from "#shared/adapters/search/search-store";
import { MAX_KNOWLEDGE_DOCUMENTS } from "#shared/domain/knowledge/document";
import { indexKnowledgeDocument } from "#shared/domain/knowledge/ingest";
import { retrieveSources } from "#shared/domain/knowledge/retrieve";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { SEARCH_NODE_HOOK_TIMEOUT_MS, sharedSearchNode } from "./search/search-node.ts";
import { callApi, clientConfig, signedInMember } from "./support.ts";

const PASSWORD = "correct horse battery staple";
const stage = `k${randomUUID().slice(0, 8)}`;

let cloud: LocalCloud;
let endpoint: string;
let dynamodb: DynamoDBClient;
/** What the search indexer logged, for a failure's message. */
const indexerLines: string[] = [];
const showErrors = consoleLog("error");

beforeAll(async () => {
  endpoint = await sharedSearchNode();
  cloud = await startLocalCloud({
    stage,
    search: { endpoint },
    log: (level, message, detail) => {
      if (message.includes("search-indexer")) indexerLines.push(message);
      showErrors(level, message, detail);
    },
    authorizerCacheTtlSeconds: 0,
  });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
}, SEARCH_NODE_HOOK_TIMEOUT_MS);

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

async function newTenant() {
  const email = `owner.${randomUUID()}@example.com`;
  const registered = await callApi<{ accessToken: string; user: { tenantId: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/register",
    { body: { tenantName: `Knowledge ${randomUUID()}`, name: "Owner", email, password: PASSWORD } },
  );
  expect(registered.status, registered.text).toBe(201);
  const admin = registered.json.accessToken;
  const member = await signedInMember(cloud, admin);
  return { tenantId: parseTenantId(registered.json.user.tenantId), admin, member };
}

interface DocumentView {
  documentId: string;
  title: string;
  bytes: number;
  body?: string;
}

/** A search store on the node for this stage's indexes (the node ignores the SigV4 signature). */
function store(): OpenSearchStore {
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  return new OpenSearchStore({
    client: lazySearchClient({ endpoint, region: cloud.region }),
    stage,
    cursorKey: new Uint8Array(32),
    refresh: "wait_for",
  });
}

describe("knowledge documents through the API", () => {
  it("stores a 1 MiB body of three-byte characters whole, lists it without its body, and reads it back", async () => {
    const owner = await newTenant();
    // 349,525 "€" and one "a": exactly 1 MiB of UTF-8, over the 400 KB a DynamoDB item may hold.
    const body = `${"€".repeat(349_525)}a`;
    const added = await callApi<DocumentView>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.member,
      body: { title: "Big", body, format: "text", sourceUrl: "https://example.com/big" },
    });
    expect(added.status, added.text.slice(0, 300)).toBe(201);
    expect(added.json).toMatchObject({ title: "Big", bytes: 1_048_576 });
    const listed = await callApi<{ items: DocumentView[] }>(cloud, "GET", "/api/tenant/v1/knowledge", {
      token: owner.member,
    });
    expect(listed.json.items.map((d) => [d.documentId, d.body])).toEqual([
      [added.json.documentId, undefined],
    ]);
    const read = await callApi<DocumentView>(
      cloud,
      "GET",
      `/api/tenant/v1/knowledge/${added.json.documentId}`,
      {
        token: owner.member,
      },
    );
    expect(read.status).toBe(200);
    expect(read.json.body === body).toBe(true);
  });

  it("answers 400 for a body over 1 MiB or a bad source URL, and 413 for a request over its limit", async () => {
    const owner = await newTenant();
    const over = await callApi<{ error: { code: string } }>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.admin,
      body: { title: "Too big", body: "a".repeat(1_048_577), format: "text" },
    });
    expect([over.status, over.json.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    const url = await callApi(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.admin,
      body: { title: "T", body: "b", format: "text", sourceUrl: "javascript:alert(1)" },
    });
    expect(url.status).toBe(400);
    const huge = await callApi<{ error: { code: string } }>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.admin,
      body: { title: "Huge", body: '"'.repeat(1_100_000), format: "text" },
    });
    expect([huge.status, huge.json.error.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });

  it(`holds a tenant to ${MAX_KNOWLEDGE_DOCUMENTS} documents: of two adds for the last place one wins, the other gets 409 and stores nothing`, async () => {
    const owner = await newTenant();
    const post = (title: string) =>
      callApi<DocumentView & { error: { code: string; message: string } }>(
        cloud,
        "POST",
        "/api/tenant/v1/knowledge",
        {
          token: owner.admin,
          body: { title, body: `About ${title}.`, format: "text" },
        },
      );
    const first = await post("First");
    expect(first.status).toBe(201);
    // As if the tenant had added all but the last one it may hold (the count is what the write checks).
    const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
    await setDocumentCount(table, owner.tenantId, MAX_KNOWLEDGE_DOCUMENTS - 1);
    const race = await Promise.all([post("Racer A"), post("Racer B")]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = race.find((r) => r.status === 409);
    expect(refused?.json.error.code).toBe("KNOWLEDGE.LIMIT_REACHED");
    expect(refused?.json.error.message).toContain(String(MAX_KNOWLEDGE_DOCUMENTS));
    const listed = await callApi<{ items: DocumentView[] }>(cloud, "GET", "/api/tenant/v1/knowledge", {
      token: owner.admin,
    });
    expect(listed.json.items.map((d) => d.title).sort()).toEqual(
      ["First", race.find((r) => r.status === 201)?.json.title].sort(),
    );
    expect((await post("One too many")).status).toBe(409);
    // Deleting one frees one place, and only one.
    const path = `/api/tenant/v1/knowledge/${first.json.documentId}`;
    expect((await callApi(cloud, "DELETE", path, { token: owner.admin })).status).toBe(204);
    expect((await post("In its place")).status).toBe(201);
    expect((await post("And no more")).status).toBe(409);
  });

  it("lets only admins delete, never another tenant's document, and audits who added and who deleted it", async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const added = await callApi<DocumentView>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.member,
      body: { title: "Prices", body: "Lessons cost 30 euros.", format: "markdown" },
    });
    const path = `/api/tenant/v1/knowledge/${added.json.documentId}`;
    expect((await callApi(cloud, "DELETE", path, { token: owner.member })).status).toBe(403);
    expect((await callApi(cloud, "GET", path, { token: other.admin })).status).toBe(404);
    expect((await callApi(cloud, "DELETE", path, { token: other.admin })).status).toBe(404);
    expect((await callApi(cloud, "DELETE", path, { token: owner.admin })).status).toBe(204);
    expect((await callApi(cloud, "GET", path, { token: owner.admin })).status).toBe(404);

    // Audited: who added and who deleted it, with its id and title; the refused deletes left nothing.
    const audit = async (token: string) =>
      (
        await callApi<{ items: { type: string; actor?: { role: string }; details?: unknown }[] }>(
          cloud,
          "GET",
          "/api/tenant/v1/audit",
          { token },
        )
      ).json.items.filter((e) => e.type.startsWith("knowledge."));
    const details = { documentId: added.json.documentId, title: "Prices" };
    expect(await audit(owner.admin)).toEqual([
      expect.objectContaining({
        type: "knowledge.document-deleted",
        actor: expect.objectContaining({ role: "admin" }),
        details,
      }),
      expect.objectContaining({
        type: "knowledge.document-added",
        actor: expect.objectContaining({ role: "member" }),
        details,
      }),
    ]);
    expect(await audit(other.admin)).toEqual([]);
  });
});

describe("the chunk index on the local OpenSearch node", () => {
  it("indexes an added document from its event, where retrieval finds it, and removes it once deleted", {
    timeout: 180_000,
  }, async () => {
    const owner = await newTenant();
    const chunks = createChunkIndex(store());
    const embedder = createLocalEmbedder();
    const added = await callApi<DocumentView>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.member,
      body: {
        title: "Opening hours",
        body: "# Hours\n\nThe studio opens at nine on Saturdays.",
        format: "markdown",
      },
    });
    const found = async () =>
      (
        await retrieveSources(
          // The index itself is what is asked here, before and after the delete: not whether the
          // tenant still has the document (which retrieval asks first).
          { documents: { hasDocuments: async () => true }, embedder, chunks },
          owner.tenantId,
          "when does the studio open on saturday",
        )
      ).filter((s) => s.documentId === added.json.documentId).length;
    await eventually(async () => expect(await found()).toBe(1), "the indexer to index the document");
    const path = `/api/tenant/v1/knowledge/${added.json.documentId}`;
    expect((await callApi(cloud, "DELETE", path, { token: owner.admin })).status).toBe(204);
    await eventually(
      async () => expect(await found()).toBe(0),
      "the indexer to remove the document's chunks",
    );
  });

  it("retrieves only the caller's chunks among 20 tenants with overlapping vocabulary (counted)", async () => {
    const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
    const documents = createKnowledgeRepository(table);
    const deps = { documents, embedder: createLocalEmbedder(), chunks: createChunkIndex(store()) };
    const tenants = Array.from({ length: 20 }, (_, i) =>
      parseTenantId(`iso${String(i).padStart(2, "0")}${randomUUID().slice(0, 8)}`),
    );
    const owned = new Map<string, string>();
    await Promise.all(
      tenants.map(async (tenantId, i) => {
        const added = await documents.add(tenantId, {
          title: `Spring offer ${i}`,
          body: `# Spring offer\n\nThe spring offer gives two lessons for one. Studio ${i} teaches yoga and pilates.`,
          format: "markdown",
          createdBy: "test",
        });
        owned.set(added.documentId, tenantId);
        expect(await indexKnowledgeDocument(deps, tenantId, added.documentId)).toEqual({
          kind: "indexed",
          chunks: 1,
        });
      }),
    );
    let foreign = 0;
    let mine = 0;
    for (const tenantId of tenants) {
      const sources = await retrieveSources(
        deps,
        tenantId,
        "spring offer two lessons yoga pilates studio",
        5,
      );
      for (const source of sources) {
        if (owned.get(source.documentId) === tenantId) mine++;
        else foreign++;
      }
    }
    expect({ mine, foreign }).toEqual({ mine: 20, foreign: 0 });
  });

  it("tells retrieval whether a tenant has any document, following adds (concurrent ones too) and deletes", async () => {
    const documents = createKnowledgeRepository(
      new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName }),
    );
    const tenantId = parseTenantId(`has${randomUUID().slice(0, 8)}`);
    const neighbour = parseTenantId(`nbr${randomUUID().slice(0, 8)}`);
    await documents.add(neighbour, { title: "Theirs", body: "Not yours.", format: "text", createdBy: "t" });
    expect(await documents.hasDocuments(tenantId)).toBe(false);
    // Added at once: their transactions meet on the tenant's count, and every one still counts.
    const added = await Promise.all(
      [1, 2, 3].map((n) =>
        documents.add(tenantId, { title: `Ours ${n}`, body: "Ours.", format: "text", createdBy: "t" }),
      ),
    );
    expect(await documents.hasDocuments(tenantId)).toBe(true);
    for (const document of added.slice(0, 2)) await documents.remove(tenantId, document.documentId);
    expect(await documents.hasDocuments(tenantId)).toBe(true);
    await documents.remove(tenantId, added[2]?.documentId ?? "");
    expect(await documents.hasDocuments(tenantId)).toBe(false);
    expect(await documents.hasDocuments(neighbour)).toBe(true);
  });
  it("counts documents stored before the count existed, and corrects a wrong count (ops count-knowledge)", async () => {
    const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
    const documents = createKnowledgeRepository(table);
    const add = (tenantId: ReturnType<typeof parseTenantId>) =>
      documents.add(tenantId, { title: "Handbook", body: "Facts.", format: "text", createdBy: "t" });
    const legacy = parseTenantId(`old${randomUUID().slice(0, 8)}`);
    const miscounted = parseTenantId(`odd${randomUUID().slice(0, 8)}`);
    const emptied = parseTenantId(`emp${randomUUID().slice(0, 8)}`);
    await add(legacy);
    await add(legacy);
    // As the table held them before the count existed: documents, and no count.
    await dynamodb.send(
      new DeleteItemCommand({
        TableName: cloud.locator.tableName,
        Key: { pk: { S: `TENANT#${legacy}` }, sk: { S: "KNOWLEDGE_STATS#all" } },
      }),
    );
    expect(await documents.hasDocuments(legacy)).toBe(false);
    const only = await add(miscounted);
    await setDocumentCount(table, miscounted, 5);
    await documents.remove(emptied, (await add(emptied)).documentId);

    const lines: string[] = [];
    const first = await countKnowledge(dynamodb, cloud.locator.tableName, (line) => lines.push(line));
    expect(lines.filter((line) => line.includes(legacy) || line.includes(miscounted))).toHaveLength(2);
    expect(lines.some((line) => line.includes(emptied))).toBe(false);
    expect(first.corrected).toBeGreaterThanOrEqual(2);
    expect(await documents.hasDocuments(legacy)).toBe(true);
    await documents.remove(miscounted, only.documentId);
    expect(await documents.hasDocuments(miscounted)).toBe(false);
    expect(await countKnowledge(dynamodb, cloud.locator.tableName)).toMatchObject({ corrected: 0 });
  });
});

/** Retries `check` until it passes (an indexer on the bus is asynchronous), for at most 60 s. */
async function eventually(check: () => Promise<void>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `gave up waiting for ${what}; the indexer said:\n${indexerLines.slice(-20).join("\n")}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
