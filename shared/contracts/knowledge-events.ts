/**
 * What the knowledge base tells the rest of the platform: a document was added or deleted. The
 * search indexer consumes both (`search-indexer.ts`): the document's search document and its chunks
 * (chunked, embedded and indexed; removed).
 */
import * as z from "zod/mini";
import { defineEvent } from "./event-definition.ts";

/** The `source` of the knowledge events. */
export const KNOWLEDGE_EVENT_SOURCE = "leadmetrics.knowledge";

const documentFacts = {
  documentId: z.string(),
  title: z.string(),
  /** Who added or deleted it. */
  actorId: z.string(),
};

/** A knowledge document was stored (its tenant is the envelope's); its chunks are not indexed yet. */
export const knowledgeDocumentAdded = defineEvent(
  "knowledge.document-added",
  z.object({ ...documentFacts, bytes: z.number() }),
);

/** A knowledge document was deleted; its chunks are still to be removed from the index. */
export const knowledgeDocumentDeleted = defineEvent("knowledge.document-deleted", z.object(documentFacts));
