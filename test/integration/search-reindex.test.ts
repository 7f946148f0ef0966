/**
 * `npm run ops -- search reindex` on the local cloud: two tenants' content, runs, brand profiles and
 * knowledge documents, indexed by the indexer in the cloud's stage, are rebuilt from the table into a
 * fresh stage's empty indexes — one tenant with `--tenant` (that tenant's alone), then all; a second
 * rebuild finds everything current (stale); a rebuild that cannot reach the search node fails with
 * every tenant reported. (A fresh stage rather than deleting the documents: OpenSearch remembers a
 * deleted document's version for `index.gc_deletes`, 60 s, and refuses that version again meanwhile.)
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { ReindexFailedError, type ReindexStageOptions, reindexStage } from "#scripts/ops/search-reindex";
import type { SingleTable } from "#shared/adapters/dynamodb/table";
import { lazySearchClient } from "#shared/adapters/search/client";
import { migrateStage } from "#shared/adapters/search/migrate";
import { OpenSearchStore } from "#shared/adapters/search/search-store";
import { brand as profile } from "#shared/domain/agents/testing/fixtures";
import { TenantNotFoundError } from "#shared/domain/identity/errors";
import { CONTENT_INDEX } from "#shared/domain/search/search-document";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import {
  blogPostAbout,
  type IndexingCloud,
  marker,
  newTenant,
  searchFor,
  startIndexingCloud,
} from "./search/indexing-kit.ts";
import { SEARCH_NODE_HOOK_TIMEOUT_MS } from "./search/search-node.ts";
import { callApi, eventually } from "./support.ts";

const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

let world: IndexingCloud;
let cloud: LocalCloud;
let endpoint: string;
let dynamodb: DynamoDBClient;
let table: SingleTable;

beforeAll(async () => {
  world = await startIndexingCloud("r");
  ({ cloud, endpoint, dynamodb, table } = world);
}, SEARCH_NODE_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await world?.stop();
});

/** A tenant with one of each indexed thing, all about one word, indexed by the indexer. */
async function seededTenant() {
  const { tenantId, admin } = await newTenant(cloud, table);
  const word = marker();
  const saved = await callApi(cloud, "PUT", "/api/tenant/v1/brand", {
    token: admin,
    body: { baseVersion: 0, profile: { ...profile, businessName: `Harbour ${word}` } },
  });
  expect(saved.status, saved.text).toBe(200);
  const added = await callApi<{ documentId: string }>(cloud, "POST", "/api/tenant/v1/knowledge", {
    token: admin,
    body: {
      title: `Price list ${word}`,
      body: `# Prices\n\nThe ${word} class costs 12 pounds.`,
      format: "markdown",
    },
  });
  expect(added.status, added.text).toBe(201);
  const contentId = await blogPostAbout(cloud, admin, word);
  const tenant = { tenantId, admin, word, contentId, documentId: added.json.documentId };
  await eventually(async () => expect(await typesFound(tenant)).toEqual(ALL_TYPES), "the indexer");
  return tenant;
}

type Seeded = Awaited<ReturnType<typeof seededTenant>>;
const ALL_TYPES = ["brand", "content", "knowledge", "run"];

/** The types of the tenant's documents its search (through the API) finds for its word, sorted. */
async function typesFound(tenant: Pick<Seeded, "admin" | "word">): Promise<string[]> {
  return (await searchFor(cloud, tenant.admin, tenant.word)).map((i) => i.type).sort();
}

function store(stage: string): OpenSearchStore {
  return new OpenSearchStore({
    client: lazySearchClient({ endpoint, region: cloud.region, credentials: LOCAL_CREDENTIALS }),
    stage,
    cursorKey: new Uint8Array(32),
    refresh: "wait_for",
  });
}

/** The types of the tenant's documents about its word in `stage`'s content index, sorted. */
async function typesIn(stage: string, tenant: Pick<Seeded, "tenantId" | "word">): Promise<string[]> {
  const found = await store(stage)
    .forTenant(tenant.tenantId, CONTENT_INDEX)
    .search({ text: { query: tenant.word, fields: ["title", "body"] }, fields: ["type"] });
  return found.hits.map((hit) => String(hit.fields.type)).sort();
}

/** The tenant's chunks in `stage`'s knowledge-chunks index. */
async function chunksIn(stage: string, tenantId: TenantId): Promise<number> {
  return (await store(stage).forTenant(tenantId, "knowledge-chunks").search({ size: 1 })).total;
}

function options(extra: Partial<ReindexStageOptions> = {}): ReindexStageOptions {
  return {
    dynamodb,
    tableName: cloud.locator.tableName,
    search: { endpoint, region: cloud.region, credentials: LOCAL_CREDENTIALS },
    stage: cloud.stage,
    ...extra,
  };
}

describe("search reindex", () => {
  it("rebuilds one tenant's documents with --tenant, and every tenant's without", {
    timeout: 300_000,
  }, async () => {
    const [one, two] = [await seededTenant(), await seededTenant()] as const;
    const fresh = `${cloud.stage}x`;
    await migrateStage({ endpoint, region: cloud.region, credentials: LOCAL_CREDENTIALS }, fresh);
    expect(await typesIn(fresh, one)).toEqual([]);

    const lines: string[] = [];
    const single = await reindexStage(options({ stage: fresh, tenantId: one.tenantId }), (line) =>
      lines.push(line),
    );
    expect(single.tenants).toBe(1);
    expect(single.counts).toMatchObject({ written: 4, stale: 0, failed: 0 });
    expect(single.counts.chunks).toBeGreaterThan(0);
    expect(lines).toEqual([
      expect.stringMatching(/^knowledge chunks are embedded with local-hash\S* \(512 dimensions\)$/),
      expect.stringContaining(`tenant ${one.tenantId}: 4 written`),
      expect.stringContaining("1 tenant(s); 4 written"),
    ]);
    // The command does not wait for each write to be searchable (the index refreshes each second).
    await eventually(async () => {
      expect(await typesIn(fresh, one)).toEqual(ALL_TYPES);
      expect(await chunksIn(fresh, one.tenantId)).toBe(single.counts.chunks);
    }, "the rebuilt documents to be searchable");
    expect(await typesIn(fresh, two)).toEqual([]);
    expect(await chunksIn(fresh, two.tenantId)).toBe(0);

    const all = await reindexStage(options({ stage: fresh }), () => undefined);
    expect(all.tenants).toBeGreaterThanOrEqual(2);
    expect(all.failedTenants).toEqual([]);
    await eventually(async () => {
      expect(await typesIn(fresh, two)).toEqual(ALL_TYPES);
      expect(await chunksIn(fresh, two.tenantId)).toBeGreaterThan(0);
    }, "the other tenant's rebuilt documents to be searchable");
    // The rebuilt documents are the ones the indexer wrote, each at its item's version now — never
    // older (a run's version may have moved on after the event the indexer heard).
    const versions = async (stage: string) =>
      new Map(
        (
          await store(stage)
            .forTenant(two.tenantId, CONTENT_INDEX)
            .search({ size: 10, fields: ["type"] })
        ).hits.map((hit) => [hit.id, hit.version] as const),
      );
    const [rebuilt, indexed] = [await versions(fresh), await versions(cloud.stage)];
    expect([...rebuilt.keys()].sort()).toEqual([...indexed.keys()].sort());
    for (const [id, version] of indexed) expect(rebuilt.get(id)).toBeGreaterThanOrEqual(version);

    // Nothing changed since: every document is already at its item's version.
    const again = await reindexStage(options({ stage: fresh, tenantId: two.tenantId }), () => undefined);
    expect(again.counts).toMatchObject({ written: 0, stale: 4, failed: 0 });
  });

  it("reports every tenant it could not rebuild and fails at the end, and refuses an unknown tenant", async () => {
    const { tenantId, admin } = await newTenant(cloud, table);
    const saved = await callApi(cloud, "PUT", "/api/tenant/v1/brand", {
      token: admin,
      body: { baseVersion: 0, profile },
    });
    expect(saved.status, saved.text).toBe(200);
    const lines: string[] = [];
    const unreachable = options({
      tenantId,
      search: { endpoint: "http://127.0.0.1:9", region: cloud.region, credentials: LOCAL_CREDENTIALS },
    });
    const failed = await reindexStage(unreachable, (line) => lines.push(line)).catch(
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(ReindexFailedError);
    expect((failed as ReindexFailedError).summary.failedTenants).toEqual([tenantId]);
    expect(lines).toContainEqual(expect.stringContaining(`tenant ${tenantId}:`));
    expect(lines).toContainEqual(expect.stringContaining("FAILED"));
    await expect(
      reindexStage(options({ tenantId: "no-such-tenant" as TenantId }), () => undefined),
    ).rejects.toThrow(TenantNotFoundError);
  });
});
