/**
 * What the knowledge context needs of the world, in its own terms: a store of documents (the single
 * table), the events that tell the indexer, an embedding model, and the chunk index (OpenSearch).
 * Adapters implement them; the use-case tests pass in-memory ones.
 */
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { KnowledgeDocument, KnowledgeDocumentInput, KnowledgeDocumentWithBody } from "./document.ts";

/** A page of documents, newest first; `nextCursor` is absent on the last page. */
export interface KnowledgeDocumentPage {
  items: KnowledgeDocument[];
  nextCursor?: string;
}

export interface KnowledgeRepository {
  /**
   * Stores a new document under a new id, all of it or nothing — unless the tenant already has
   * `MAX_KNOWLEDGE_DOCUMENTS`, decided in the same write (two adds at once cannot both take the last
   * place): then `KnowledgeLimitReachedError`, and nothing is stored.
   */
  add(tenantId: TenantId, input: KnowledgeDocumentInput & { createdBy: string }): Promise<KnowledgeDocument>;
  get(tenantId: TenantId, documentId: string): Promise<KnowledgeDocumentWithBody | undefined>;
  list(tenantId: TenantId, page: PageRequest): Promise<KnowledgeDocumentPage>;
  /** Whether the tenant has any document at all (one small read: retrieval asks it before embedding). */
  hasDocuments(tenantId: TenantId): Promise<boolean>;
  /** Deletes the document whole; answers what was deleted, or `undefined` when there was none. */
  remove(tenantId: TenantId, documentId: string): Promise<KnowledgeDocument | undefined>;
}

/** What travels with a knowledge event besides its data. */
export interface KnowledgeEventMeta {
  correlationId: string;
  /** Who added or deleted the document. */
  actorId: string;
}

/** Tells the platform that a document was added or deleted (the indexer listens). */
export interface KnowledgeEvents {
  added(tenantId: TenantId, document: KnowledgeDocument, meta: KnowledgeEventMeta): Promise<void>;
  deleted(tenantId: TenantId, document: KnowledgeDocument, meta: KnowledgeEventMeta): Promise<void>;
}

/**
 * An embedding model: texts to unit vectors of `dimensions` numbers, comparable by cosine (so by dot
 * product). `purpose` lets models that embed queries and passages differently do so.
 */
export interface Embedder {
  /** Recorded beside each vector, so vectors of different models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  embed(texts: readonly string[], purpose: "document" | "query"): Promise<number[][]>;
}

/** One chunk as the index stores it. */
export interface IndexedChunk {
  /** `<documentId>.<index>`: the same chunk always lands on the same id (`chunkId`). */
  chunkId: string;
  documentId: string;
  /** The document's title, kept with each chunk so a citation needs no second read. */
  title: string;
  sourceUrl?: string;
  index: number;
  text: string;
  headingPath: string[];
  start: number;
  end: number;
  vector: number[];
  /** The embedder's `model`. */
  embeddingModel: string;
}

/** One chunk a search found, with its fused relevance score (higher is better). */
export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  title: string;
  sourceUrl?: string;
  text: string;
  headingPath: string[];
  score: number;
}

/** What retrieval asks: the words (keyword match) and their vector (nearest neighbours). */
export interface ChunkQuery {
  text: string;
  vector: number[];
  /** How many chunks to answer at most. */
  k: number;
}

/**
 * The tenant's chunk index. Every method takes the tenant: the adapter stores it on each chunk and
 * filters every query and delete by it, so one tenant never reads or removes another's chunks.
 */
export interface ChunkIndex {
  /** Writes the chunks (an existing id is overwritten: indexing again is harmless). */
  put(tenantId: TenantId, chunks: readonly IndexedChunk[]): Promise<void>;
  /** Removes every chunk of the document; answers how many were removed. */
  removeDocument(tenantId: TenantId, documentId: string): Promise<number>;
  /** The best chunks for the query: keyword and vector results fused, best first. */
  search(tenantId: TenantId, query: ChunkQuery): Promise<RetrievedChunk[]>;
}
