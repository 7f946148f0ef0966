/**
 * The search store against the local OpenSearch node: the migration, tenant isolation over 20 tenants
 * with overlapping vocabulary (counted), external versions (a repeated or older write leaves the
 * newest), removal, typo tolerance, plain-text highlights, counts and cursor pages.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Client } from "@opensearch-project/opensearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lazySearchClient } from "#shared/adapters/search/client";
import { contentIndexV1 } from "#shared/adapters/search/mappings/content.v1";
import { migrateIndexes } from "#shared/adapters/search/migrate";
import { OpenSearchStore } from "#shared/adapters/search/search-store";
import { ValidationError } from "#shared/domain/errors";
import type { SearchDocument } from "#shared/domain/search/ports";
import { requestOf } from "#shared/domain/search/search-items";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { SEARCH_NODE_HOOK_TIMEOUT_MS, sharedSearchNode } from "./search/search-node.ts";

const stage = `s${randomUUID().slice(0, 8)}`;
const TENANTS = Array.from({ length: 20 }, (_, i) => parseTenantId(`tenant-${i}`));
const PER_TENANT = 6;
const WORDS = ["spring campaign", "summer sale", "café launch", "newsletter", "pricing page", "webinar"];
let client: Client;
let store: OpenSearchStore;

function doc(tenant: TenantId, n: number, version = 1, title?: string): SearchDocument {
  return {
    id: `content:${n}`,
    version,
    fields: {
      type: n % 2 === 0 ? "content" : "run",
      itemId: String(n),
      kind: "blog-post",
      status: n % 3 === 0 ? "approved" : "in_review",
      title: title ?? `${WORDS[n % WORDS.length]} for ${tenant}`,
      body: `Our ${WORDS[n % WORDS.length]} and the ${WORDS[(n + 1) % WORDS.length]} <b>bold</b> plans.`,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    },
  };
}

beforeAll(async () => {
  const endpoint = await sharedSearchNode();
  // The signer needs credentials from the default chain; the local node ignores the signature.
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  client = await lazySearchClient({ endpoint, region: "us-east-1" })();
  await migrateIndexes(client, stage, [contentIndexV1]);
  store = new OpenSearchStore({
    client: async () => client,
    stage,
    cursorKey: randomBytes(32),
    refresh: "wait_for",
  });
  for (const tenant of TENANTS) {
    await store
      .forTenant(tenant, "content")
      .putMany(Array.from({ length: PER_TENANT }, (_, n) => doc(tenant, n)));
  }
}, SEARCH_NODE_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await client?.indices.delete({ index: `${stage}-content-v1` });
  await client?.close();
});

describe("the search store on the local node", () => {
  it("creates the index behind the stage's alias, and a second migration changes nothing but the mapping", async () => {
    const steps = await migrateIndexes(client, stage, [contentIndexV1]);
    expect(steps).toEqual([
      { alias: `${stage}-content`, index: `${stage}-content-v1`, action: "mapping-updated" },
    ]);
  });

  it("answers every tenant only its own documents, counted", async () => {
    for (const tenant of TENANTS) {
      const result = await store.forTenant(tenant, "content").search({
        text: {
          query: "spring campaign summer sale cafe launch newsletter pricing webinar",
          fields: ["title", "body"],
        },
        size: 100,
      });
      expect(result.total).toBe(PER_TENANT);
      expect(result.hits).toHaveLength(PER_TENANT);
      expect(new Set(result.hits.map((h) => h.tenantId))).toEqual(new Set([tenant]));
    }
  });

  it("answers a reviewer's search only the listed tenants' documents", async () => {
    const listed = [TENANTS[3], TENANTS[7]] as TenantId[];
    const result = await store.forTenants(listed, "content").search({ filters: [], size: 100 });
    expect(result.total).toBe(2 * PER_TENANT);
    expect(new Set(result.hits.map((h) => h.tenantId))).toEqual(new Set(listed));
    expect((await store.forTenants([], "content").search({})).total).toBe(0);
  });

  it("keeps the newest version when a write comes twice or out of order", async () => {
    const index = store.forTenant(TENANTS[0] as TenantId, "content");
    expect(await index.put(doc(TENANTS[0] as TenantId, 0, 3, "third version"))).toBe("written");
    expect(await index.put(doc(TENANTS[0] as TenantId, 0, 3, "third version"))).toBe("stale");
    expect(await index.put(doc(TENANTS[0] as TenantId, 0, 2, "second version"))).toBe("stale");
    const result = await index.search({ text: { query: "version", fields: ["title"] } });
    expect(result.hits.map((h) => [h.fields.title, h.version])).toEqual([["third version", 3]]);
  });

  it("removes a document from results, and only the tenant's own", async () => {
    const tenant = TENANTS[1] as TenantId;
    expect(await store.forTenant(tenant, "content").remove("content:1", 2)).toBe("removed");
    expect(await store.forTenant(tenant, "content").remove("content:1")).toBe("absent");
    const result = await store.forTenant(tenant, "content").search({ size: 100 });
    expect(result.total).toBe(PER_TENANT - 1);
    expect(result.hits.map((h) => h.id)).not.toContain("content:1");
    expect((await store.forTenant(TENANTS[2] as TenantId, "content").search({ size: 100 })).total).toBe(
      PER_TENANT,
    );
  });

  it("tolerates typos, stems, folds accents and highlights as plain text with offsets", async () => {
    const result = await store
      .forTenant(TENANTS[5] as TenantId, "content")
      .search(requestOf({ q: "campain cafe" }));
    expect(result.total).toBeGreaterThan(0);
    const fragments = result.hits.flatMap((h) => [
      ...(h.highlights.title ?? []),
      ...(h.highlights.body ?? []),
    ]);
    const marked = fragments.flatMap((f) => f.marks.map(([a, b]) => f.text.slice(a, b).toLowerCase()));
    expect(marked).toEqual(expect.arrayContaining(["campaign", "café"]));
    expect(fragments.every((f) => !/[\uE000\uE001]/.test(f.text))).toBe(true);
    expect(result.counts.type).toBeDefined();
  });

  it("pages with cursors through every match once, and refuses a tampered cursor", async () => {
    const index = store.forTenant(TENANTS[9] as TenantId, "content");
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await index.search({
        ...requestOf({ q: "plans", limit: 2 }),
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.hits.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Array.from({ length: PER_TENANT }, (_, n) => `content:${n}`).sort());
    const first = await index.search(requestOf({ q: "plans", limit: 2 }));
    const forged = `${first.nextCursor?.split(".")[0]}.AAAAAAAAAAAAAAAAAAAAAA`;
    await expect(index.search({ ...requestOf({ q: "plans", limit: 2 }), cursor: forged })).rejects.toThrow(
      ValidationError,
    );
    const other = store.forTenant(TENANTS[10] as TenantId, "content");
    await expect(
      other.search({ ...requestOf({ q: "plans", limit: 2 }), cursor: first.nextCursor ?? "" }),
    ).rejects.toThrow(ValidationError);
  });
});
