import { EMBEDDING_DIMENSIONS } from "#shared/adapters/embeddings/dimensions";
import { englishText, shardSettings, tenancyFields, textAnalysis } from "./analysis.ts";
import type { IndexDefinition } from "./index-definition.ts";

/**
 * The knowledge base's chunks, one document per chunk: its text for keyword matching (BM25, English
 * analysis) and its vector for nearest-neighbour search (Lucene HNSW, cosine — the Lucene engine
 * needs no native library, and filters inside the graph search, so a tenant's k nearest are found
 * among its own chunks). Written by the search indexer (knowledge events), read by the agents' retrieval.
 */
export const knowledgeChunksIndexV1 = {
  name: "knowledge-chunks",
  version: 1,
  settings: { ...shardSettings, ...textAnalysis, "index.knn": true },
  mappings: {
    dynamic: "strict",
    properties: {
      ...tenancyFields,
      documentId: { type: "keyword" },
      title: englishText,
      sourceUrl: { type: "keyword", index: false },
      index: { type: "integer" },
      headingPath: { type: "text", analyzer: "text_en" },
      text: { type: "text", analyzer: "text_en" },
      start: { type: "integer", index: false },
      end: { type: "integer", index: false },
      embeddingModel: { type: "keyword" },
      vector: {
        type: "knn_vector",
        dimension: EMBEDDING_DIMENSIONS,
        method: {
          name: "hnsw",
          engine: "lucene",
          space_type: "cosinesimil",
          parameters: { m: 16, ef_construction: 128 },
        },
      },
    },
  },
} as const satisfies IndexDefinition;
