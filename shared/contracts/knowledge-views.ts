/**
 * What the API shows of the knowledge base: documents, and the sources a run's prompt was given
 * (on runs and on the content versions they wrote).
 */
import * as z from "zod/mini";
import { KNOWLEDGE_FORMATS } from "#shared/domain/knowledge/document";
import { count, pageOf, timestamp } from "./response-views.ts";

/** A knowledge-base chunk a run's prompt was given: where it comes from, its score, whether cited. */
export const sourceCitation = z.strictObject({
  /** `S1`, `S2`…: how the prompt numbered it and the text cites it. */
  label: z.string(),
  documentId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  sourceUrl: z.optional(z.string()),
  /** Relevance, higher is better (comparable only within one run). */
  score: z.number(),
  /** Whether the answer cites it. */
  cited: z.boolean(),
});
export type SourceCitationView = z.output<typeof sourceCitation>;

/** A knowledge document without its body. */
export const knowledgeDocument = z.strictObject({
  documentId: z.string(),
  title: z.string(),
  format: z.enum(KNOWLEDGE_FORMATS),
  sourceUrl: z.optional(z.string()),
  /** The body's size in bytes of UTF-8. */
  bytes: count,
  createdBy: z.string(),
  createdAt: timestamp,
});
export type KnowledgeDocumentView = z.output<typeof knowledgeDocument>;

/** A knowledge document with its body. */
export const knowledgeDocumentDetail = z.strictObject({ ...knowledgeDocument.shape, body: z.string() });
export type KnowledgeDocumentDetailView = z.output<typeof knowledgeDocumentDetail>;

export const knowledgeListing = pageOf(knowledgeDocument);
export type KnowledgeListing = z.output<typeof knowledgeListing>;
