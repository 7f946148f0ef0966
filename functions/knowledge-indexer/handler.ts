/**
 * The knowledge indexer, target of the `knowledge-indexer` event rule: a document added is chunked,
 * embedded and indexed; a document deleted has its chunks removed (`ingest.ts`). Both are idempotent,
 * so Lambda's retries (and EventBridge's at-least-once delivery) do no harm; a failure is logged with
 * the correlation id and fails the invocation, and after the retries the event waits in the events DLQ.
 */
import { createKnowledgeRepository } from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEmbedder } from "#shared/adapters/embeddings/resolve-embedder";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { openSearchStore } from "#shared/adapters/search/open-search-store";
import { knowledgeIndexerRule } from "#shared/contracts/knowledge-events";
import {
  type IngestOutcome,
  indexKnowledgeDocument,
  removeKnowledgeDocument,
} from "#shared/domain/knowledge/ingest";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/observability";
import { readKnowledgeEvent } from "./read-event.ts";

const bound = loadBindings(knowledgeIndexerRule.target.bindings);
const table = await openTable(bound);
const deps = {
  documents: createKnowledgeRepository(table),
  embedder: createEmbedder({ config: loadModelConfig(bound.agentModels) }),
  chunks: createChunkIndex(openSearchStore(bound)),
};

export async function handler(raw: unknown): Promise<IngestOutcome | { kind: "removed"; removed: number }> {
  logger.resetKeys();
  let event: ReturnType<typeof readKnowledgeEvent>;
  try {
    event = readKnowledgeEvent(raw);
  } catch (error) {
    logger.error("The knowledge indexer could not read an event", { error });
    throw error;
  }
  logger.appendKeys({
    correlation_id: event.correlationId,
    tenant_id: event.tenantId,
    event_id: event.eventId,
    document_id: event.documentId,
  });
  try {
    if (event.kind === "deleted") {
      const removed = await removeKnowledgeDocument(deps, event.tenantId, event.documentId);
      logger.info("Removed a deleted knowledge document's chunks", { removed });
      return { kind: "removed", removed };
    }
    const outcome = await indexKnowledgeDocument(deps, event.tenantId, event.documentId);
    logger.info("Indexed a knowledge document", { outcome });
    return outcome;
  } catch (error) {
    logger.error("Could not update the knowledge index", { kind: event.kind, error });
    throw error;
  }
}
