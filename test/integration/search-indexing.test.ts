/**
 * The search indexer on the local cloud, fed by the bus, writing to the real OpenSearch node, and
 * read back through the search API: a content item through its whole lifecycle (created in review,
 * revised, approved, scheduled and moved, archived: removed), the accepted brand profile, and a
 * knowledge document (found by search; removed with its chunks once deleted).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import type { SingleTable } from "#shared/adapters/dynamodb/table";
import { brand as profile } from "#shared/domain/agents/testing/fixtures";
import {
  blogPostAbout,
  type IndexingCloud,
  marker,
  newReviewer,
  newTenant,
  searchFor,
  startIndexingCloud,
} from "./search/indexing-kit.ts";
import { SEARCH_NODE_HOOK_TIMEOUT_MS } from "./search/search-node.ts";
import { callApi, eventually } from "./support.ts";

let world: IndexingCloud;
let cloud: LocalCloud;
let table: SingleTable;

beforeAll(async () => {
  world = await startIndexingCloud("i");
  ({ cloud, table } = world);
}, SEARCH_NODE_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await world?.stop();
});

interface Item {
  contentId: string;
  status: string;
  latestVersion: number;
  updatedAt: string;
}

describe("a content item through its lifecycle", () => {
  it("reaches the index at each step with its new status, and leaves it once archived", {
    timeout: 300_000,
  }, async () => {
    const { tenantId, admin } = await newTenant(cloud, table);
    const reviewer = await newReviewer(cloud, table, tenantId);
    const word = marker();
    const contentId = await blogPostAbout(cloud, admin, word);

    const item = async () =>
      (await callApi<Item>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, { token: admin })).json;
    /** The item as the index holds it, once it shows `status` (and, when given, `updatedAt`). */
    const indexedAs = (status: string, updatedAt?: string) =>
      eventually(async () => {
        const found = (await searchFor(cloud, admin, word, "content")).filter((i) => i.id === contentId);
        expect(found).toEqual([expect.objectContaining({ status, ...(updatedAt ? { updatedAt } : {}) })]);
      }, `the item indexed as ${status}`);
    const dm = (rest: string) => `/api/dm/v1/tenants/${tenantId}/content/${contentId}${rest}`;

    // Created by the run, waiting for its reviewer.
    await indexedAs("in_review");

    // Changes asked for: the revision comes back in review as version 2.
    const asked = await callApi<Item>(cloud, "POST", dm("/request-changes"), {
      token: reviewer,
      body: { version: 1, feedback: "Shorter intro, please" },
    });
    expect([asked.status, asked.json.status], asked.text).toEqual([200, "generating"]);
    // The indexer reads the item as it is when the event arrives: by then the revision may be done,
    // so `generating` is not waited for; the revised item (its own update time) is.
    const revised = await eventually(async () => {
      const now = await item();
      expect(now).toMatchObject({ status: "in_review", latestVersion: 2 });
      return now;
    }, "the revision");
    await indexedAs("in_review", revised.updatedAt);

    const approved = await callApi<Item>(cloud, "POST", dm("/approve"), {
      token: reviewer,
      body: { version: 2 },
    });
    expect([approved.status, approved.json.status], approved.text).toEqual([200, "approved"]);
    await indexedAs("approved");

    const path = `/api/tenant/v1/content/${contentId}/schedule`;
    const scheduled = await callApi<Item>(cloud, "PUT", path, {
      token: admin,
      body: { scheduledFor: "2030-01-01T09:00:00Z" },
    });
    expect([scheduled.status, scheduled.json.status], scheduled.text).toEqual([200, "scheduled"]);
    await indexedAs("scheduled", scheduled.json.updatedAt);

    // A new date keeps the status; the index follows the item all the same.
    const moved = await callApi<Item>(cloud, "PUT", path, {
      token: admin,
      body: { scheduledFor: "2030-02-01T09:00:00Z" },
    });
    expect([moved.status, moved.json.status], moved.text).toEqual([200, "scheduled"]);
    expect(moved.json.updatedAt).not.toBe(scheduled.json.updatedAt);
    await indexedAs("scheduled", moved.json.updatedAt);

    const archived = await callApi<Item>(cloud, "POST", `/api/tenant/v1/content/${contentId}/archive`, {
      token: admin,
    });
    expect([archived.status, archived.json.status], archived.text).toEqual([200, "archived"]);
    await eventually(async () => {
      const found = await searchFor(cloud, admin, word, "content");
      expect(found.map((i) => i.id)).not.toContain(contentId);
    }, "the archived item to leave the index");
  });
});

describe("the brand profile", () => {
  it("is indexed when a profile is saved, and follows the next accepted version", async () => {
    const { admin } = await newTenant(cloud, table);
    const first = marker();
    const saved = await callApi<{ version: number }>(cloud, "PUT", "/api/tenant/v1/brand", {
      token: admin,
      body: { baseVersion: 0, profile: { ...profile, businessName: `Harbour ${first}` } },
    });
    expect(saved.status, saved.text).toBe(200);
    await eventually(async () => {
      expect(await searchFor(cloud, admin, first, "brand")).toEqual([
        expect.objectContaining({ type: "brand", status: "accepted", title: `Harbour ${first}` }),
      ]);
    }, "the brand profile in search");

    const second = marker();
    const next = await callApi(cloud, "PUT", "/api/tenant/v1/brand", {
      token: admin,
      body: { baseVersion: saved.json.version, profile: { ...profile, businessName: `Quay ${second}` } },
    });
    expect(next.status, next.text).toBe(200);
    await eventually(async () => {
      expect((await searchFor(cloud, admin, second, "brand")).map((i) => i.title)).toEqual([
        `Quay ${second}`,
      ]);
      expect(await searchFor(cloud, admin, first, "brand")).toEqual([]);
    }, "the next accepted version in search");
  });
});

describe("a knowledge document", () => {
  it("is found by its tenant's search, and neither it nor its chunks remain once deleted", async () => {
    const owner = await newTenant(cloud, table);
    const other = await newTenant(cloud, table);
    const word = marker();
    const added = await callApi<{ documentId: string }>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token: owner.admin,
      body: {
        title: `Price list ${word}`,
        body: `# Prices\n\nThe ${word} class costs 12 pounds.`,
        format: "markdown",
      },
    });
    expect(added.status, added.text).toBe(201);
    const { documentId } = added.json;
    const chunks = async () => {
      const counted = await fetch(`${cloud.urls.search}/${cloud.stage}-knowledge-chunks/_count`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: { term: { documentId } } }),
      });
      return ((await counted.json()) as { count: number }).count;
    };
    await eventually(async () => {
      expect(await searchFor(cloud, owner.admin, word, "knowledge")).toEqual([
        expect.objectContaining({
          id: documentId,
          kind: "markdown",
          status: "active",
          title: `Price list ${word}`,
        }),
      ]);
      expect(await chunks()).toBeGreaterThan(0);
    }, "the document and its chunks in the index");
    expect(await searchFor(cloud, other.admin, word)).toEqual([]);

    const removed = await callApi(cloud, "DELETE", `/api/tenant/v1/knowledge/${documentId}`, {
      token: owner.admin,
    });
    expect(removed.status, removed.text).toBe(204);
    await eventually(async () => {
      expect(await searchFor(cloud, owner.admin, word, "knowledge")).toEqual([]);
      expect(await chunks()).toBe(0);
    }, "the document and its chunks to leave the index");
  });
});
