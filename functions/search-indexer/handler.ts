/**
 * The search indexer, target of the `search-indexer` event rule. For each event it reads the changed
 * item's current state from the table (never the event's copy of it) and writes it to the tenant's
 * search documents with the item's version as the external version, or removes it: an event that
 * arrives twice or after a newer one finds the index already at that version or newer, which is
 * success (`stale`, logged at debug). A knowledge document's chunks are brought in step in the same
 * plan (chunked, embedded and indexed, or removed once the document is gone; both idempotent). Any
 * other failure fails the invocation; Lambda retries it twice, then the event waits in the events
 * DLQ (`npm run ops -- dlq …`).
 */

import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createBrandRepository } from "#shared/adapters/dynamodb/brand/brand-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createKnowledgeRepository } from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEmbedder } from "#shared/adapters/embeddings/resolve-embedder";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { openSearchStore } from "#shared/adapters/search/open-search-store";
import { searchIndexerRule } from "#shared/contracts/search-indexer";
import { applyPlan, type PlanOutcome } from "#shared/domain/search/index-plan";
import { CONTENT_INDEX } from "#shared/domain/search/search-document";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/observability";
import { dispatch, type IndexerDeps } from "./dispatch.ts";
import { readIndexerEvent } from "./read-event.ts";

const bound = loadBindings(searchIndexerRule.target.bindings);
const table = await openTable(bound);
const search = openSearchStore(bound);
const documents = createKnowledgeRepository(table);
const deps: IndexerDeps = {
  content: createContentRepository(table),
  runs: createRunRepository(table, createCredits(table)),
  brand: createBrandRepository(table),
  documents,
};
const knowledge = {
  documents,
  embedder: createEmbedder({ config: loadModelConfig(bound.agentModels) }),
  chunks: createChunkIndex(search),
};

export async function handler(raw: unknown): Promise<PlanOutcome> {
  logger.resetKeys();
  let read: ReturnType<typeof readIndexerEvent>;
  try {
    read = readIndexerEvent(raw, dispatch);
  } catch (error) {
    const eventId = typeof raw === "object" && raw !== null && "id" in raw ? String(raw.id) : undefined;
    logger.error("The search indexer could not read an event", { eventBridgeId: eventId, error });
    throw error;
  }
  const { tenantId, correlationId, eventId, detailType, data, reader } = read;
  logger.appendKeys({ correlation_id: correlationId, tenant_id: tenantId, event_id: eventId });
  try {
    const plan = await reader(deps, tenantId, data);
    const index = search.forTenant(tenantId, CONTENT_INDEX);
    const outcome = await applyPlan({ index, knowledge }, tenantId, plan);
    const { change } = plan;
    const detail = {
      detailType,
      outcome: outcome.document,
      ...(outcome.chunks ? { chunks: outcome.chunks } : {}),
      document: change && (change.kind === "remove" ? change.id : change.document.id),
    };
    // A stale write is an old or repeated event: expected, so not worth an info line each time.
    const current = outcome.document === "stale" || outcome.document === "nothing";
    if (current && !outcome.chunks) logger.debug("Search index already current", detail);
    else logger.info("Search index updated", detail);
    return outcome;
  } catch (error) {
    logger.error("The search indexer failed", { detailType, error });
    throw error;
  }
}
