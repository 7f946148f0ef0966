/**
 * The size of every vector in the chunk index. One size for every embedder a stage may use, so the
 * index mapping does not depend on the configuration: Titan Text Embeddings v2 answers 256, 512 or
 * 1,024 dimensions, and 512 keeps 99 % of its retrieval accuracy at half the storage of 1,024
 * (Amazon's figures), while the local embedder needs no more.
 */
export const EMBEDDING_DIMENSIONS = 512;
