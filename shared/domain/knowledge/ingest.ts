/**
 * Keeps the chunk index in step with the documents: a document added is chunked, embedded and
 * indexed; a document deleted has its chunks removed. Both are idempotent (chunk ids come from the
 * document id and the chunk's index, and the chunking is deterministic), so an event delivered twice
 * does no harm, and an "added" handled after the document's deletion leaves nothing behind.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { type ChunkOptions, chunkDocument } from "./chunking.ts";
import type { ChunkIndex, Embedder, IndexedChunk, KnowledgeRepository } from "./ports.ts";

export interface IngestDeps {
  documents: Pick<KnowledgeRepository, "get">;
  embedder: Embedder;
  chunks: ChunkIndex;
  chunking?: ChunkOptions;
}

/** Chunks embedded and written per request (bounds one bulk request and one embedding batch). */
const BATCH = 32;

/** The id of a document's chunk: stable, so indexing again overwrites rather than duplicates. */
export function chunkId(documentId: string, index: number): string {
  return `${documentId}.${String(index).padStart(5, "0")}`;
}

export type IngestOutcome = { kind: "indexed"; chunks: number } | { kind: "gone"; removed: number };

/**
 * Primary course: read the document → chunk it → embed and index the chunks in batches → read again:
 * when the document was deleted meanwhile, its chunks are removed (the delete's own removal may have
 * run before these chunks were written).
 */
export async function indexKnowledgeDocument(
  deps: IngestDeps,
  tenantId: TenantId,
  documentId: string,
): Promise<IngestOutcome> {
  const document = await deps.documents.get(tenantId, documentId);
  if (!document) return { kind: "gone", removed: await deps.chunks.removeDocument(tenantId, documentId) };
  const chunks = chunkDocument(document.body, document.format, deps.chunking);
  for (let from = 0; from < chunks.length; from += BATCH) {
    const batch = chunks.slice(from, from + BATCH);
    // The heading path is embedded with the passage: "Pricing > Discounts" is part of what it is about.
    const vectors = await deps.embedder.embed(
      batch.map((chunk) => [document.title, ...chunk.headingPath, chunk.text].join("\n")),
      "document",
    );
    const indexed = batch.map((chunk, i): IndexedChunk => {
      const vector = vectors[i];
      if (!vector || vector.length !== deps.embedder.dimensions) {
        throw new Error(
          `The embedder answered no ${deps.embedder.dimensions}-dimension vector for chunk ${i}`,
        );
      }
      return {
        chunkId: chunkId(documentId, chunk.index),
        documentId,
        title: document.title,
        ...(document.sourceUrl ? { sourceUrl: document.sourceUrl } : {}),
        index: chunk.index,
        text: chunk.text,
        headingPath: chunk.headingPath,
        start: chunk.start,
        end: chunk.end,
        vector,
        embeddingModel: deps.embedder.model,
      };
    });
    await deps.chunks.put(tenantId, indexed);
  }
  if (!(await deps.documents.get(tenantId, documentId))) {
    return { kind: "gone", removed: await deps.chunks.removeDocument(tenantId, documentId) };
  }
  return { kind: "indexed", chunks: chunks.length };
}

/** Removes a deleted document's chunks; answers how many there were. */
export function removeKnowledgeDocument(
  deps: Pick<IngestDeps, "chunks">,
  tenantId: TenantId,
  documentId: string,
): Promise<number> {
  return deps.chunks.removeDocument(tenantId, documentId);
}
