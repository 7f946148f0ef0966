/**
 * Fidelity of the local OpenSearch node: the features the platform's search and knowledge base use in
 * AWS answer the same way locally — k-NN (Lucene engine, HNSW, cosine), analysis-common's filters,
 * fuzzy matching, painless scoring, routing, external versions, delete-by-query and reindex (the
 * `reindex` module) — and a local cloud hands the node's URL
 * to the functions bound to search.
 */
import { randomUUID } from "node:crypto";
import { Client } from "@opensearch-project/opensearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envNames } from "#shared/platform/declaration/environment";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { SEARCH_NODE_HOOK_TIMEOUT_MS, sharedSearch } from "./search/search-node.ts";
import { startFixtureCloud } from "./support.ts";

const stage = `t${randomUUID().slice(0, 8)}`;
const index = `${stage}-fidelity`;
/** Indexes of their own for the tests that delete or copy, so the shared documents stay as they are. */
const byQueryIndex = `${stage}-by-query`;
const reindexSource = `${stage}-reindex-source`;
const reindexCopy = `${stage}-reindex-copy`;
let endpoint: string;
let client: Client;

interface Doc {
  tenantId: string;
  title: string;
  views: number;
  embedding: number[];
}

const DOCS: Record<string, Doc> = {
  east: { tenantId: "tenant-a", title: "Spring campaign at the Café Olé", views: 10, embedding: [1, 0, 0] },
  northeast: {
    tenantId: "tenant-a",
    title: "Newsletter for the autumn launch",
    views: 30,
    embedding: [1, 1, 0],
  },
  north: { tenantId: "tenant-b", title: "Landing page about pricing", views: 20, embedding: [0, 1, 0] },
  up: { tenantId: "tenant-b", title: "Social post about the summer sale", views: 5, embedding: [0, 0, 1] },
};

/** Ids of the hits, best first. */
function ids(result: { body: { hits: { hits: { _id?: string }[] } } }): (string | undefined)[] {
  return result.body.hits.hits.map((hit) => hit._id);
}

beforeAll(async () => {
  ({ endpoint } = await sharedSearch());
  client = new Client({ node: endpoint });
  await client.indices.create({
    index,
    body: {
      settings: {
        index: { knn: true, number_of_shards: 2, number_of_replicas: 0 },
        analysis: {
          analyzer: {
            folded: { type: "custom", tokenizer: "standard", filter: ["lowercase", "asciifolding"] },
          },
        },
      },
      mappings: {
        _routing: { required: true },
        properties: {
          tenantId: { type: "keyword" },
          title: { type: "text", analyzer: "folded" },
          views: { type: "integer" },
          embedding: {
            type: "knn_vector",
            dimension: 3,
            method: { name: "hnsw", engine: "lucene", space_type: "cosinesimil" },
          },
        },
      },
    },
  });
  for (const [id, doc] of Object.entries(DOCS)) {
    await client.index({ index, id, routing: doc.tenantId, body: doc });
  }
  await client.indices.refresh({ index });
}, SEARCH_NODE_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await client?.indices.delete(
    { index: [index, byQueryIndex, reindexSource, reindexCopy] },
    { ignore: [404] },
  );
  await client?.close();
});

describe("the local OpenSearch node", () => {
  it("is a 2.19 cluster, at least yellow, with the k-NN, painless, analysis-common and reindex plugins", async () => {
    const health = await client.cluster.health({ wait_for_status: "yellow", timeout: "30s" });
    expect(["yellow", "green"]).toContain(health.body.status);
    const info = await client.info();
    expect(info.body.version.number).toMatch(/^2\.19\./);
    const plugins = await client.cat.plugins({ format: "json" });
    const components = (plugins.body as { component: string }[]).map((p) => p.component);
    expect(components).toEqual(
      expect.arrayContaining([
        expect.stringContaining("KNNPlugin"),
        expect.stringContaining("PainlessPlugin"),
        expect.stringContaining("CommonAnalysisPlugin"),
        expect.stringContaining("ReindexPlugin"),
      ]),
    );
  });

  it("refuses a document without routing when the mapping requires it, and finds one by its routing", async () => {
    await expect(
      client.index({ index, id: "unrouted", body: { tenantId: "tenant-a", title: "x", views: 0 } }),
    ).rejects.toMatchObject({ meta: { statusCode: 400 } });
    const found = await client.get({ index, id: "north", routing: "tenant-b" });
    expect(found.body._routing).toBe("tenant-b");
    expect((found.body._source as Doc).title).toBe(DOCS.north?.title);
  });

  it("answers a knn query with the nearest vectors by cosine, nearest first", async () => {
    const result = await client.search({
      index,
      body: { size: 3, query: { knn: { embedding: { vector: [0.9, 0.2, 0], k: 3 } } } },
    });
    expect(ids(result)).toEqual(["east", "northeast", "north"]);
  });

  it("filters a knn query by tenant", async () => {
    const result = await client.search({
      index,
      routing: "tenant-b",
      body: {
        query: {
          knn: { embedding: { vector: [1, 0, 0], k: 4, filter: { term: { tenantId: "tenant-b" } } } },
        },
      },
    });
    expect(ids(result)).toEqual(["north", "up"]);
  });

  it("folds accents with a custom analyzer from analysis-common", async () => {
    const result = await client.search({ index, body: { query: { match: { title: "cafe ole" } } } });
    expect(ids(result)).toEqual(["east"]);
  });

  it("finds a misspelt word with fuzziness AUTO, and not without it", async () => {
    const fuzzy = await client.search({
      index,
      body: { query: { match: { title: { query: "campain", fuzziness: "AUTO" } } } },
    });
    expect(ids(fuzzy)).toEqual(["east"]);
    const exact = await client.search({ index, body: { query: { match: { title: "campain" } } } });
    expect(ids(exact)).toEqual([]);
  });

  it("scores with painless, k-NN's cosineSimilarity included", async () => {
    const byViews = await client.search({
      index,
      body: {
        query: {
          script_score: {
            query: { match_all: {} },
            script: { lang: "painless", source: "doc['views'].value * 2" },
          },
        },
      },
    });
    expect(ids(byViews)).toEqual(["northeast", "north", "east", "up"]);
    expect(byViews.body.hits.hits[0]?._score).toBe(60);

    const byCosine = await client.search({
      index,
      body: {
        query: {
          script_score: {
            query: { term: { tenantId: "tenant-a" } },
            script: {
              lang: "painless",
              source: "cosineSimilarity(params.query, doc['embedding']) + 1.0",
              params: { query: [0, 1, 0] },
            },
          },
        },
      },
    });
    expect(ids(byCosine)).toEqual(["northeast", "east"]);
    expect(byCosine.body.hits.hits[0]?._score).toBeCloseTo(1 + Math.SQRT1_2, 5);
  });

  it("rejects an older external version with 409 and keeps the newer document", async () => {
    const doc = (title: string) => ({ tenantId: "tenant-a", title, views: 1 });
    const write = (version: number, title: string) =>
      client.index({
        index,
        id: "versioned",
        routing: "tenant-a",
        version,
        version_type: "external",
        body: doc(title),
      });
    await write(5, "fifth");
    await expect(write(3, "third")).rejects.toMatchObject({ meta: { statusCode: 409 } });
    await expect(write(5, "fifth again")).rejects.toMatchObject({ meta: { statusCode: 409 } });
    await write(6, "sixth");
    const found = await client.get({ index, id: "versioned", routing: "tenant-a" });
    expect(found.body._version).toBe(6);
    expect((found.body._source as Doc).title).toBe("sixth");
  });

  it("deletes by query within a routing and a tenant filter exactly the matching documents", async () => {
    await client.indices.create({
      index: byQueryIndex,
      body: {
        settings: { index: { number_of_shards: 2, number_of_replicas: 0 } },
        mappings: {
          _routing: { required: true },
          properties: { tenantId: { type: "keyword" }, documentId: { type: "keyword" } },
        },
      },
    });
    // [id, routing, tenantId, documentId]: only a1 and a2 are tenant-a's chunks of d1.
    const chunks: [string, string, string, string][] = [
      ["a1", "tenant-a", "tenant-a", "d1"],
      ["a2", "tenant-a", "tenant-a", "d1"],
      ["a3", "tenant-a", "tenant-a", "d2"],
      ["c1", "tenant-a", "tenant-c", "d1"],
      ["b1", "tenant-b", "tenant-b", "d1"],
    ];
    for (const [id, routing, tenantId, documentId] of chunks) {
      await client.index({ index: byQueryIndex, id, routing, body: { tenantId, documentId } });
    }
    await client.indices.refresh({ index: byQueryIndex });

    const deleted = await client.deleteByQuery({
      index: byQueryIndex,
      routing: "tenant-a",
      refresh: true,
      conflicts: "proceed",
      body: {
        query: { bool: { filter: [{ term: { tenantId: "tenant-a" } }, { term: { documentId: "d1" } }] } },
      },
    });
    expect(deleted.body).toMatchObject({ deleted: 2, failures: [] });

    // No separate refresh: the request's own `refresh` makes the removal visible.
    const left = await client.search({
      index: byQueryIndex,
      body: { size: 10, query: { match_all: {} }, sort: [{ _id: "asc" }] },
    });
    expect(ids(left)).toEqual(["a3", "b1", "c1"]);
  });

  it("reindexes into another index keeping external versions and routing", async () => {
    const create = (name: string) =>
      client.indices.create({
        index: name,
        body: {
          settings: { index: { number_of_shards: 2, number_of_replicas: 0 } },
          mappings: {
            _routing: { required: true },
            properties: { tenantId: { type: "keyword" }, title: { type: "text" } },
          },
        },
      });
    await create(reindexSource);
    await create(reindexCopy);
    const write = (target: string, id: string, version: number, title: string) =>
      client.index({
        index: target,
        id,
        routing: "tenant-a",
        version,
        version_type: "external",
        body: { tenantId: "tenant-a", title },
      });
    await write(reindexSource, "old", 3, "third");
    await write(reindexSource, "new", 7, "seventh");
    // The copy already holds a newer "new": an older copy must not overwrite it.
    await write(reindexCopy, "new", 9, "ninth");
    await client.indices.refresh({ index: reindexSource });

    const copied = await client.reindex({
      wait_for_completion: true,
      refresh: true,
      body: {
        conflicts: "proceed",
        source: { index: reindexSource },
        dest: { index: reindexCopy, version_type: "external" },
      },
    });
    expect(copied.body).toMatchObject({ created: 1, version_conflicts: 1, failures: [] });

    const old = await client.get({ index: reindexCopy, id: "old", routing: "tenant-a" });
    expect([old.body._version, old.body._routing, (old.body._source as Doc).title]).toEqual([
      3,
      "tenant-a",
      "third",
    ]);
    const kept = await client.get({ index: reindexCopy, id: "new", routing: "tenant-a" });
    expect([kept.body._version, (kept.body._source as Doc).title]).toEqual([9, "ninth"]);
  });
});

describe("a local cloud with search", () => {
  it("gives SEARCH_ENDPOINT to functions bound to search, and only to them", async () => {
    const [first, ...others] = fixtureDeclaration.api;
    if (first === undefined) throw new Error("the fixture declaration has no API function");
    const searching = { ...first, bindings: { ...first.bindings, search: "read" as const } };
    const declaration = { ...fixtureDeclaration, api: [searching, ...others] };
    const cloud = await startFixtureCloud({ declaration, stage, search: { endpoint }, consumers: false });
    try {
      expect(cloud.urls.search).toBe(endpoint);
      expect(cloud.locator.searchEndpoint).toBe(endpoint);
      expect(cloud.environmentOf(searching)[envNames.searchEndpoint]).toBe(endpoint);
      expect(cloud.environmentOf(declaration.authorizer)[envNames.searchEndpoint]).toBeUndefined();
    } finally {
      await cloud.stop();
    }
  });
});
