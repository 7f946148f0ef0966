/**
 * The knowledge base's chunk index on the search store (`knowledge-chunks`): the `ChunkIndex` port.
 * Every call goes through the store's handle for one tenant, so every chunk carries its tenant and
 * every search and delete has the tenant filter. Retrieval is hybrid: a keyword search (BM25) and a
 * nearest-neighbour search (k-NN) run side by side, and their rankings are fused by reciprocal rank
 * fusion — ranks rather than scores, because BM25 scores and cosine similarities are not on one scale.
 */
import type { ChunkIndex, IndexedChunk, RetrievedChunk } from "#shared/domain/knowledge/ports";
import type { SearchHit, SearchStore } from "#shared/domain/search/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { knowledgeChunksIndexV1 } from "./mappings/knowledge-chunks.v1.ts";

const INDEX = knowledgeChunksIndexV1.name;
/** The usual RRF constant (Cormack et al., 2009): damps the weight of the very first ranks. */
export const RRF_K = 60;
/** A chunk is immutable (a document is never edited, only deleted), so every write is version 1. */
const CHUNK_VERSION = 1;
/** Fields a search returns: everything but the vector. */
const RETURNED = ["documentId", "title", "sourceUrl", "text", "headingPath"] as const;

/**
 * Fuses rankings by reciprocal rank: each id scores Σ 1 / (`k` + rank) over the rankings it is in
 * (rank from 1), best first; ties keep the order of first appearance.
 */
export function reciprocalRankFusion(
  rankings: readonly (readonly string[])[],
  k: number = RRF_K,
): [string, number][] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
    });
  }
  return [...scores].sort((a, b) => b[1] - a[1]);
}

export interface ChunkIndexOptions {
  /**
   * Candidates each of the two searches brings to the fusion, as a multiple of the chunks asked for.
   * @default 4
   */
  candidatesPerResult?: number;
}

export function createChunkIndex(store: SearchStore, options: ChunkIndexOptions = {}): ChunkIndex {
  const index = (tenantId: TenantId) => store.forTenant(tenantId, INDEX);
  const factor = options.candidatesPerResult ?? 4;
  return {
    async put(tenantId, chunks) {
      // Outcomes are `written` or `stale` (already there: an event delivered again); a failure throws.
      await index(tenantId).putMany(chunks.map(documentOf));
    },

    removeDocument(tenantId, documentId) {
      return index(tenantId).removeWhere([{ field: "documentId", equals: documentId }]);
    },

    async search(tenantId, query) {
      const tenant = index(tenantId);
      const size = Math.min(100, Math.max(query.k * factor, 10));
      const [keyword, nearest] = await Promise.all([
        tenant.search({
          text: { query: query.text, fields: ["text", "title^2", "headingPath^1.5"], exact: true },
          size,
          fields: RETURNED,
        }),
        tenant.search({ vector: { field: "vector", vector: query.vector, k: size }, size, fields: RETURNED }),
      ]);
      const hits = new Map<string, SearchHit>();
      for (const hit of [...keyword.hits, ...nearest.hits]) hits.set(hit.id, hit);
      const fused = reciprocalRankFusion([keyword.hits.map((h) => h.id), nearest.hits.map((h) => h.id)]);
      return fused.slice(0, query.k).flatMap(([id, score]) => {
        const hit = hits.get(id);
        return hit ? [chunkOf(hit, score)] : [];
      });
    },
  };
}

function documentOf(chunk: IndexedChunk) {
  return {
    id: chunk.chunkId,
    version: CHUNK_VERSION,
    fields: {
      documentId: chunk.documentId,
      title: chunk.title,
      sourceUrl: chunk.sourceUrl,
      index: chunk.index,
      headingPath: chunk.headingPath,
      text: chunk.text,
      start: chunk.start,
      end: chunk.end,
      embeddingModel: chunk.embeddingModel,
      vector: chunk.vector,
    },
  };
}

function chunkOf(hit: SearchHit, score: number): RetrievedChunk {
  const fields = hit.fields;
  const sourceUrl = typeof fields.sourceUrl === "string" ? fields.sourceUrl : undefined;
  return {
    chunkId: hit.id,
    documentId: String(fields.documentId),
    title: String(fields.title),
    ...(sourceUrl ? { sourceUrl } : {}),
    text: String(fields.text),
    headingPath: Array.isArray(fields.headingPath) ? fields.headingPath.map(String) : [],
    score: Math.round(score * 1e6) / 1e6,
  };
}
