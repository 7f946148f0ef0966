import { describe, expect, it } from "vitest";
import type { Run } from "#shared/domain/agents/run";
import { brand as profile } from "#shared/domain/agents/testing/fixtures";
import { aRun } from "#shared/domain/agents/testing/in-memory-pipeline";
import { planSave } from "#shared/domain/brand/brand-version";
import { InMemoryBrand } from "#shared/domain/brand/testing/in-memory-brand";
import { TenantNotFoundError } from "#shared/domain/identity/errors";
import {
  InMemoryChunkIndex,
  InMemoryKnowledgeDocuments,
  WordCountEmbedder,
} from "#shared/domain/knowledge/testing/in-memory-knowledge";
import type { PageRequest } from "#shared/domain/stored";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { type ReindexDeps, reindex, type TenantReport } from "./reindex.ts";
import { recordingIndex } from "./testing/recording-index.ts";

const [ONE, TWO, THREE] = ["t-one", "t-two", "t-three"].map(parseTenantId) as [TenantId, TenantId, TenantId];

/** A listing of `items` in pages of the size asked, its cursor the next offset; the pages it served. */
function paged<T>(items: () => T[]) {
  const served: PageRequest[] = [];
  const list = async (page: PageRequest) => {
    served.push(page);
    const from = Number(page.cursor ?? 0);
    const to = from + (page.limit ?? 25);
    const all = items();
    return { items: all.slice(from, to), ...(to < all.length ? { nextCursor: String(to) } : {}) };
  };
  return { list, served };
}

function world() {
  const tenants = paged(() =>
    [ONE, TWO, THREE].map((id) => ({ id, name: id, status: "active" as const, createdAt: "2026-01-01" })),
  );
  const runs = new Map<TenantId, Run[]>();
  const brand = new InMemoryBrand();
  const documents = new InMemoryKnowledgeDocuments();
  const indexes = new Map<TenantId, ReturnType<typeof recordingIndex>>();
  const indexOf = (tenantId: TenantId) => {
    const index = indexes.get(tenantId) ?? recordingIndex();
    indexes.set(tenantId, index);
    return index;
  };
  const failingRuns = new Set<string>();
  const deps: ReindexDeps = {
    tenants: {
      list: tenants.list,
      view: async (tenantId) =>
        [ONE, TWO, THREE].includes(tenantId)
          ? { id: tenantId, name: tenantId, status: "active", createdAt: "2026-01-01" }
          : undefined,
    },
    content: {
      list: async () => ({ items: [] }),
      get: async () => undefined,
      version: async () => undefined,
    },
    runs: {
      list: (tenantId, filter) => paged(() => runs.get(tenantId) ?? []).list(filter),
      get: async (tenantId, runId) => {
        if (failingRuns.has(runId)) throw new Error("the table did not answer");
        return runs.get(tenantId)?.find((r) => r.runId === runId);
      },
    },
    brand,
    documents,
    index: indexOf,
    knowledge: { documents, embedder: new WordCountEmbedder(), chunks: new InMemoryChunkIndex() },
  };
  return { deps, tenants, runs, brand, documents, indexOf, failingRuns };
}

describe("reindex", () => {
  it("goes through every page of the tenant listing and of each tenant's listings", async () => {
    const { deps, tenants, runs, brand, documents, indexOf } = world();
    runs.set(TWO, [
      aRun({ status: "succeeded" }),
      aRun({ status: "failed" }),
      aRun({ status: "succeeded" }),
      aRun({ status: "running" }),
    ]);
    await brand.change(ONE, (state) => planSave(state, { profile, userId: "u", baseVersion: 0 }));
    await documents.add(THREE, { title: "Prices", body: "Ten euros.", format: "text", createdBy: "u" });
    const reports: TenantReport[] = [];
    const summary = await reindex(deps, { pageSize: 2, onTenant: (r) => reports.push(r) });
    expect(tenants.served).toEqual([{ limit: 2 }, { limit: 2, cursor: "2" }]);
    expect(reports.map((r) => [r.tenantId, r.ok, r.counts.written])).toEqual([
      [ONE, true, 1],
      [TWO, true, 3],
      [THREE, true, 1],
    ]);
    // The unfinished run is not indexed: the indexer hears of a run only when it ends.
    expect(indexOf(TWO).writes.map(([, doc]) => (typeof doc === "string" ? doc : doc.fields.status))).toEqual(
      ["succeeded", "failed", "succeeded"],
    );
    expect(summary).toEqual({
      tenants: 3,
      failedTenants: [],
      counts: { written: 5, stale: 0, removed: 0, chunks: 1, failed: 0 },
    });
  });

  it("finds what is already current stale on a second run", async () => {
    const { deps, runs } = world();
    runs.set(ONE, [aRun({ status: "succeeded" })]);
    await reindex(deps);
    const again = await reindex(deps, { tenantId: ONE });
    expect(again.counts).toMatchObject({ written: 0, stale: 1, failed: 0 });
  });

  it("reports a failed item and its tenant, and goes on with the rest of it and with the other tenants", async () => {
    const { deps, runs, failingRuns } = world();
    const bad = aRun({ status: "succeeded" });
    runs.set(ONE, [bad, aRun({ status: "succeeded" })]);
    runs.set(TWO, [aRun({ status: "failed" })]);
    failingRuns.add(bad.runId);
    const failures: string[] = [];
    const summary = await reindex(deps, {
      onItemFailure: ({ tenantId, item, error }) => failures.push(`${tenantId} ${item} ${String(error)}`),
    });
    expect(failures).toEqual([`${ONE} run ${bad.runId} Error: the table did not answer`]);
    expect(summary.failedTenants).toEqual([ONE]);
    expect(summary.counts).toMatchObject({ written: 2, failed: 1 });
  });

  it("rebuilds only the tenant asked for, and refuses one that does not exist", async () => {
    const { deps, runs, indexOf } = world();
    runs.set(ONE, [aRun({ status: "succeeded" })]);
    runs.set(TWO, [aRun({ status: "succeeded" })]);
    const summary = await reindex(deps, { tenantId: TWO });
    expect(summary.tenants).toBe(1);
    expect(indexOf(ONE).writes).toEqual([]);
    expect(indexOf(TWO).writes).toHaveLength(1);
    await expect(reindex(deps, { tenantId: parseTenantId("t-nobody") })).rejects.toThrow(TenantNotFoundError);
  });
});
