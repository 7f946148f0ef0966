/**
 * The setup of `npm run bench:search`, in a running local cloud: tenants with a member signed in
 * through the API, and the corpus written in bulk straight into the stage's indexes through the
 * search adapter's store (`putMany` on `forTenant`), not through the API, so a corpus of 100,000
 * documents is indexed in a minute or two rather than an hour.
 */
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Client } from "@opensearch-project/opensearch";
import { ulid } from "ulid";
import type { LocalCloud } from "#scripts/local/cloud";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { createLocalEmbedder } from "#shared/adapters/embeddings/local-embedder";
import { lazySearchClient } from "#shared/adapters/search/client";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { aliasName } from "#shared/adapters/search/mappings/index-definition";
import { knowledgeChunksIndexV1 } from "#shared/adapters/search/mappings/knowledge-chunks.v1";
import { OpenSearchStore } from "#shared/adapters/search/search-store";
import { hashPassword } from "#shared/domain/identity/password";
import { indexKnowledgeDocument } from "#shared/domain/knowledge/ingest";
import type { ChunkIndex, IndexedChunk } from "#shared/domain/knowledge/ports";
import { CONTENT_INDEX } from "#shared/domain/search/search-document";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { clientConfig } from "./pipeline-runs.ts";
import { inBatchesOf } from "./realtime-client.ts";
import { knowledgeDocument, searchDocument } from "./search-corpus.ts";

const PASSWORD = "correct horse battery staple";
/** Documents per bulk request: about 1 MB of blog posts. */
const BULK = 400;
/** Bulk requests outstanding at once (the node has one indexing thread per core). */
const IN_FLIGHT = 2;

/** A tenant of the benchmark: its id and a member's access token from a real sign-in. */
export interface BenchTenant {
  tenantId: TenantId;
  token: string;
}

/** The search side of the benchmark: the store the functions use, its raw client, and the chunk index. */
export interface SearchSide {
  store: OpenSearchStore;
  client: Client;
  chunks: ChunkIndex;
  /** The stage's aliases of the two indexes. */
  aliases: { content: string; chunks: string };
}

/** The store on the cloud's node, as a function of the stage would open it. */
export async function searchSide(cloud: LocalCloud): Promise<SearchSide> {
  const endpoint = cloud.urls.search;
  if (!endpoint) throw new Error("the local cloud has no search node");
  const { credentials, region } = clientConfig(cloud, endpoint);
  const client = lazySearchClient({ endpoint, region, credentials, requestTimeoutMs: 120_000 });
  const store = new OpenSearchStore({ client, stage: cloud.stage, cursorKey: randomBytes(32) });
  return {
    store,
    client: await client(),
    chunks: createChunkIndex(store),
    aliases: {
      content: aliasName(cloud.stage, CONTENT_INDEX),
      chunks: aliasName(cloud.stage, knowledgeChunksIndexV1.name),
    },
  };
}

/**
 * `count` tenants written through the identity store (sign-up is rate limited), each with a member,
 * and the member signed in through the API's login route.
 */
export async function benchTenants(cloud: LocalCloud, count: number): Promise<BenchTenant[]> {
  const dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  try {
    const store = createIdentityRepositories(
      new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName }),
    );
    const passwordHash = await hashPassword(PASSWORD);
    return await inBatchesOf([...Array(count).keys()], 4, async (i) => {
      const { tenantId } = await store.tenants.register({
        tenantName: `Search bench ${i}`,
        name: "Owner",
        email: `owner.${ulid().toLowerCase()}@example.com`,
        passwordHash,
      });
      const email = `member.${ulid().toLowerCase()}@example.com`;
      await store.tenantUsers.invite(tenantId, { name: "Member", email, role: "member", passwordHash });
      return { tenantId, token: await signIn(cloud, email) };
    });
  } finally {
    dynamodb.destroy();
  }
}

/**
 * A sign-in through the API. Tried up to three times on a 5xx: on a loaded machine a sandbox that
 * starts for it can pass its init timeout, and the gateway answers 500 as API Gateway does.
 */
async function signIn(cloud: LocalCloud, email: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${cloud.urls.api}/api/auth/v1/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const text = await response.text();
    if (response.status === 200) return (JSON.parse(text) as { accessToken: string }).accessToken;
    if (response.status < 500 || attempt === 3) throw new Error(`login answered ${response.status}: ${text}`);
    console.error(`login answered ${response.status} (attempt ${attempt} of 3), trying again: ${text}`);
  }
}

/** Runs `work` on each item with at most `limit` outstanding. */
async function pooled<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Search documents `from` … `to`−1 of the corpus, document n to tenant n mod tenants, in bulk. */
export async function indexSearchDocuments(
  side: SearchSide,
  tenants: readonly BenchTenant[],
  from: number,
  to: number,
): Promise<void> {
  const batches: { tenantId: TenantId; numbers: number[] }[] = [];
  tenants.forEach(({ tenantId }, t) => {
    // The tenant's documents in this range: n ≡ t (mod tenants).
    const mine: number[] = [];
    const offset = (t - (from % tenants.length) + tenants.length) % tenants.length;
    for (let n = from + offset; n < to; n += tenants.length) mine.push(n);
    for (let i = 0; i < mine.length; i += BULK) batches.push({ tenantId, numbers: mine.slice(i, i + BULK) });
  });
  await pooled(batches, IN_FLIGHT, async ({ tenantId, numbers }) => {
    const documents = await Promise.all(numbers.map((n) => searchDocument(tenantId, n)));
    const outcomes = await side.store.forTenant(tenantId, CONTENT_INDEX).putMany(documents);
    const stale = outcomes.filter((o) => o !== "written").length;
    if (stale > 0) throw new Error(`${stale} documents were refused as stale: the corpus has duplicate ids`);
  });
}

/**
 * Knowledge documents `from` … `to`−1, document n to tenant n mod tenants, through the knowledge
 * indexer's use case with the local embedder; its chunk writes are gathered and sent in bulk.
 * Answers each document's tenant by id, so a retrieval can check whose chunks it found.
 */
export async function indexKnowledge(
  side: SearchSide,
  tenants: readonly BenchTenant[],
  from: number,
  to: number,
  owners: Map<string, TenantId>,
): Promise<number> {
  const pending = new Map<TenantId, IndexedChunk[]>();
  let written = 0;
  const flush = async (tenantId: TenantId) => {
    const chunks = pending.get(tenantId) ?? [];
    pending.delete(tenantId);
    if (chunks.length > 0) await side.chunks.put(tenantId, chunks);
    written += chunks.length;
  };
  // The indexer's chunk index with its writes held back, so the bulk requests carry many documents.
  const gathering: ChunkIndex = {
    ...side.chunks,
    async put(tenantId, chunks) {
      pending.set(tenantId, [...(pending.get(tenantId) ?? []), ...chunks]);
    },
  };
  const embedder = createLocalEmbedder();
  const jobs = Array.from({ length: to - from }, (_, i) => from + i);
  const perTenant = new Map<TenantId, number[]>();
  for (const n of jobs) {
    const { tenantId } = tenants[n % tenants.length] as BenchTenant;
    perTenant.set(tenantId, [...(perTenant.get(tenantId) ?? []), n]);
  }
  await pooled([...perTenant], IN_FLIGHT, async ([tenantId, numbers]) => {
    for (const n of numbers) {
      const document = knowledgeDocument(n);
      owners.set(document.documentId, tenantId);
      const outcome = await indexKnowledgeDocument(
        { documents: { get: async () => document }, embedder, chunks: gathering },
        tenantId,
        document.documentId,
      );
      if (outcome.kind !== "indexed") throw new Error(`knowledge document ${n} was not indexed`);
      if ((pending.get(tenantId)?.length ?? 0) >= BULK / 4) await flush(tenantId);
    }
    await flush(tenantId);
  });
  return written;
}

/** Makes everything written so far visible to searches, and answers each index's documents and bytes. */
export async function refreshed(
  side: SearchSide,
): Promise<Record<"content" | "chunks", { docs: number; bytes: number }>> {
  const index = `${side.aliases.content},${side.aliases.chunks}`;
  await side.client.indices.refresh({ index });
  const stats = async (alias: string) => {
    const response = await side.client.indices.stats({ index: alias, metric: ["docs", "store"] });
    const all = (
      response.body as { _all: { primaries: { docs: { count: number }; store: { size_in_bytes: number } } } }
    )._all;
    return { docs: all.primaries.docs.count, bytes: all.primaries.store.size_in_bytes };
  };
  return { content: await stats(side.aliases.content), chunks: await stats(side.aliases.chunks) };
}
