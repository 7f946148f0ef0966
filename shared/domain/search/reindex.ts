/**
 * Rebuilds tenants' search documents from the table (`npm run ops -- search reindex`): through the
 * platform's tenant listing (or one tenant), then each tenant's own listings — content items, runs,
 * knowledge documents — and its brand profile. Each item goes through the same source and `applyPlan`
 * as the indexer, so the rebuild writes exactly what the events would have: with the item's version
 * as the external version, so a rebuild racing the indexer never puts an older state back.
 *
 * An item that fails is counted and reported, and the rest of its tenant goes on; a tenant whose
 * listing fails is reported as failed. Nothing is skipped in silence: the caller exits non-zero when
 * anything failed.
 */
import type { RunRepository } from "#shared/domain/agents/ports";
import type { ContentRepository } from "#shared/domain/content/ports";
import { TenantNotFoundError } from "#shared/domain/identity/errors";
import type { TenantRepository } from "#shared/domain/identity/ports";
import type { KnowledgeRepository } from "#shared/domain/knowledge/ports";
import type { PageRequest } from "#shared/domain/stored";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { applyPlan, documentPlan, type IndexPlan, type PlanDeps } from "./index-plan.ts";
import type { TenantSearchIndex } from "./ports.ts";
import { type BrandSourceDeps, brandChange } from "./sources/brand.source.ts";
import { type ContentSourceDeps, contentChange } from "./sources/content.source.ts";
import { knowledgePlan } from "./sources/knowledge.source.ts";
import { type RunSourceDeps, runChange } from "./sources/run.source.ts";

export interface ReindexDeps extends BrandSourceDeps {
  tenants: Pick<TenantRepository, "list" | "view">;
  content: ContentSourceDeps["content"] & Pick<ContentRepository, "list">;
  runs: RunSourceDeps["runs"] & Pick<RunRepository, "list">;
  documents: Pick<KnowledgeRepository, "get" | "list">;
  /** The tenant's documents of the `content` index. */
  index(tenantId: TenantId): TenantSearchIndex;
  /** What indexing a knowledge document's chunks needs (its embedder and chunk index). */
  knowledge: PlanDeps["knowledge"];
}

/** What a rebuild did to one tenant's documents. */
export interface ReindexCounts {
  written: number;
  /** Already at this version or newer (the indexer got there first). */
  stale: number;
  /** Removed (an archived item, a deleted document), or already absent. */
  removed: number;
  /** Knowledge chunks written. */
  chunks: number;
  failed: number;
}

/** What the caller is told of each tenant, as it finishes. */
export type TenantReport =
  | { tenantId: TenantId; ok: true; counts: ReindexCounts }
  | { tenantId: TenantId; ok: false; counts: ReindexCounts; error: unknown };

/** An item that failed, told as it fails (the rebuild goes on). */
export interface ItemFailure {
  tenantId: TenantId;
  item: string;
  error: unknown;
}

export interface ReindexOptions {
  /** Only this tenant. @default every tenant of the listing */
  tenantId?: TenantId;
  /** Items per page of each listing. @default 100 */
  pageSize?: number;
  onTenant?: (report: TenantReport) => void;
  onItemFailure?: (failure: ItemFailure) => void;
}

/** The whole rebuild: the counts summed over tenants, and the tenants that failed. */
export interface ReindexSummary {
  tenants: number;
  failedTenants: TenantId[];
  counts: ReindexCounts;
}

const zero = (): ReindexCounts => ({ written: 0, stale: 0, removed: 0, chunks: 0, failed: 0 });

/** Every page of a listing, one page at a time. */
async function* pages<T>(
  list: (page: PageRequest) => Promise<{ items: T[]; nextCursor?: string }>,
  limit: number,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await list({ limit, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/** Runs are indexed once finished (the indexer hears of them on `agent.completed`/`agent.failed`). */
const FINISHED = new Set(["succeeded", "failed"]);

/** Rebuilds one tenant's documents; an item's failure is counted and told, not thrown. */
export async function reindexTenant(
  deps: ReindexDeps,
  tenantId: TenantId,
  options: Pick<ReindexOptions, "pageSize" | "onItemFailure"> = {},
): Promise<ReindexCounts> {
  const limit = options.pageSize ?? 100;
  const counts = zero();
  const planDeps: PlanDeps = { index: deps.index(tenantId), knowledge: deps.knowledge };
  const apply = async (item: string, plan: () => Promise<IndexPlan>) => {
    try {
      const outcome = await applyPlan(planDeps, tenantId, await plan());
      if (outcome.document === "written") counts.written++;
      else if (outcome.document === "stale") counts.stale++;
      else if (outcome.document === "removed" || outcome.document === "absent") counts.removed++;
      if (outcome.chunks?.kind === "indexed") counts.chunks += outcome.chunks.chunks;
    } catch (error) {
      counts.failed++;
      options.onItemFailure?.({ tenantId, item, error });
    }
  };
  await apply("brand", () => documentPlan(brandChange(deps, tenantId)));
  for await (const item of pages((page) => deps.content.list(tenantId, page), limit)) {
    await apply(`content ${item.contentId}`, () =>
      documentPlan(contentChange(deps, tenantId, item.contentId)),
    );
  }
  for await (const run of pages((page) => deps.runs.list(tenantId, page), limit)) {
    if (!FINISHED.has(run.status)) continue;
    await apply(`run ${run.runId}`, () => documentPlan(runChange(deps, tenantId, run.runId)));
  }
  for await (const document of pages((page) => deps.documents.list(tenantId, page), limit)) {
    await apply(`knowledge ${document.documentId}`, () => knowledgePlan(deps, tenantId, document.documentId));
  }
  return counts;
}

/** The tenants to rebuild: the one asked for (which must exist), or every tenant of the listing. */
async function* tenantsOf(deps: ReindexDeps, options: ReindexOptions): AsyncGenerator<TenantId> {
  if (options.tenantId !== undefined) {
    if (!(await deps.tenants.view(options.tenantId))) throw new TenantNotFoundError(options.tenantId);
    yield options.tenantId;
    return;
  }
  for await (const tenant of pages((page) => deps.tenants.list(page), options.pageSize ?? 100)) {
    yield parseTenantId(tenant.id);
  }
}

/**
 * Primary course: for each tenant of the listing (or the one asked for), rebuild its documents and
 * tell the caller; a tenant that fails (its listing, or any of its items) is told and the rest go on.
 */
export async function reindex(deps: ReindexDeps, options: ReindexOptions = {}): Promise<ReindexSummary> {
  const summary: ReindexSummary = { tenants: 0, failedTenants: [], counts: zero() };
  for await (const tenantId of tenantsOf(deps, options)) {
    summary.tenants++;
    let report: TenantReport;
    try {
      const counts = await reindexTenant(deps, tenantId, options);
      report =
        counts.failed === 0
          ? { tenantId, ok: true, counts }
          : { tenantId, ok: false, counts, error: new Error(`${counts.failed} item(s) failed`) };
    } catch (error) {
      report = { tenantId, ok: false, counts: zero(), error };
    }
    for (const key of Object.keys(summary.counts) as (keyof ReindexCounts)[]) {
      summary.counts[key] += report.counts[key];
    }
    if (!report.ok) summary.failedTenants.push(tenantId);
    options.onTenant?.(report);
  }
  return summary;
}
