/**
 * What the knowledge base tells the rest of the platform: a document was added or deleted. The
 * knowledge indexer consumes both (chunk, embed and index; remove the chunks).
 */
import * as z from "zod/mini";
import type { EventRuleDeclaration } from "#shared/platform/declaration/types";
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

export const knowledgeIndexerRule = {
  name: "knowledge-indexer",
  description:
    "Chunks, embeds and indexes each knowledge document added, and removes the chunks of each one deleted, in the search domain's knowledge-chunks index.",
  pattern: {
    source: [KNOWLEDGE_EVENT_SOURCE],
    "detail-type": [knowledgeDocumentAdded.detailType, knowledgeDocumentDeleted.detailType],
  },
  target: {
    entry: "functions/knowledge-indexer/handler.ts",
    // A 1 MiB document is about 330 chunks: embedded 32 at a time (a few seconds on Bedrock each).
    timeoutSeconds: 300,
    memoryMb: 512,
    bindings: { table: "read", search: "readwrite", models: true },
  },
} as const satisfies EventRuleDeclaration;
