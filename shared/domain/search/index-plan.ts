/**
 * What the index must do for one changed item: its search document's change, and — for a knowledge
 * document — its chunks brought in step (chunked, embedded and written while the document exists,
 * removed once it is gone). The indexer and the reindex command both apply plans through `applyPlan`,
 * so the two cannot index an item differently.
 */
import { type IngestDeps, type IngestOutcome, indexKnowledgeDocument } from "#shared/domain/knowledge/ingest";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { applyChange, type ChangeOutcome } from "./apply-change.ts";
import type { TenantSearchIndex } from "./ports.ts";
import type { IndexChange } from "./search-document.ts";

export interface IndexPlan {
  /** The search document's change; none when the item does not exist (nothing to write). */
  change: IndexChange | undefined;
  /** A knowledge document whose chunks to bring in step with it. */
  knowledgeChunks?: string;
}

/** A plan of the search document alone. */
export async function documentPlan(change: Promise<IndexChange | undefined>): Promise<IndexPlan> {
  return { change: await change };
}

export interface PlanDeps {
  /** The tenant's documents of the `content` index. */
  index: TenantSearchIndex;
  /** What indexing a knowledge document's chunks needs. */
  knowledge: IngestDeps;
}

/** What became of a plan: of the search document, and of the chunks when it had any to bring in step. */
export interface PlanOutcome {
  document: ChangeOutcome;
  chunks?: IngestOutcome;
}

/**
 * Primary course: apply the document's change (a stale write is success), then index the knowledge
 * document's chunks — which removes them when the document is gone (`indexKnowledgeDocument`).
 */
export async function applyPlan(deps: PlanDeps, tenantId: TenantId, plan: IndexPlan): Promise<PlanOutcome> {
  const document = await applyChange(deps.index, plan.change);
  if (plan.knowledgeChunks === undefined) return { document };
  const chunks = await indexKnowledgeDocument(deps.knowledge, tenantId, plan.knowledgeChunks);
  return { document, chunks };
}
