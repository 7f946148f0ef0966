/**
 * In-memory implementations of the knowledge ports, for use-case tests only (the adapters are tested
 * against the local cloud and the local search node).
 */
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { KnowledgeDocument, KnowledgeDocumentWithBody } from "../document.ts";
import { MAX_KNOWLEDGE_DOCUMENTS, utf8Bytes } from "../document.ts";
import { KnowledgeLimitReachedError } from "../errors.ts";
import type {
  ChunkIndex,
  ChunkQuery,
  Embedder,
  IndexedChunk,
  KnowledgeDocumentPage,
  KnowledgeEventMeta,
  KnowledgeEvents,
  KnowledgeRepository,
  RetrievedChunk,
} from "../ports.ts";

export class InMemoryKnowledgeDocuments implements KnowledgeRepository {
  readonly #documents = new Map<string, KnowledgeDocumentWithBody>();
  #next = 0;

  async add(
    tenantId: TenantId,
    input: Parameters<KnowledgeRepository["add"]>[1],
  ): Promise<KnowledgeDocument> {
    const held = [...this.#documents.keys()].filter((key) => key.startsWith(`${tenantId}/`)).length;
    if (held >= MAX_KNOWLEDGE_DOCUMENTS) throw new KnowledgeLimitReachedError(MAX_KNOWLEDGE_DOCUMENTS);
    const documentId = `DOC${String(++this.#next).padStart(23, "0")}`;
    const { createdBy, ...rest } = input;
    const stored: KnowledgeDocumentWithBody = {
      ...rest,
      documentId,
      bytes: utf8Bytes(input.body),
      createdBy,
      createdAt: new Date(0).toISOString(),
    };
    this.#documents.set(`${tenantId}/${documentId}`, stored);
    const { body: _body, ...document } = stored;
    return document;
  }

  async get(tenantId: TenantId, documentId: string) {
    return this.#documents.get(`${tenantId}/${documentId}`);
  }

  async list(tenantId: TenantId, _page: PageRequest): Promise<KnowledgeDocumentPage> {
    const items = [...this.#documents]
      .filter(([key]) => key.startsWith(`${tenantId}/`))
      .map(([, { body: _body, ...document }]) => document)
      .reverse();
    return { items };
  }

  async hasDocuments(tenantId: TenantId) {
    return [...this.#documents.keys()].some((key) => key.startsWith(`${tenantId}/`));
  }

  async remove(tenantId: TenantId, documentId: string) {
    const found = this.#documents.get(`${tenantId}/${documentId}`);
    if (!found) return undefined;
    this.#documents.delete(`${tenantId}/${documentId}`);
    const { body: _body, ...document } = found;
    return document;
  }
}

export class RecordedKnowledgeEvents implements KnowledgeEvents {
  readonly published: {
    kind: "added" | "deleted";
    tenantId: TenantId;
    documentId: string;
    meta: KnowledgeEventMeta;
  }[] = [];
  async added(tenantId: TenantId, document: KnowledgeDocument, meta: KnowledgeEventMeta) {
    this.published.push({ kind: "added", tenantId, documentId: document.documentId, meta });
  }
  async deleted(tenantId: TenantId, document: KnowledgeDocument, meta: KnowledgeEventMeta) {
    this.published.push({ kind: "deleted", tenantId, documentId: document.documentId, meta });
  }
}

/** Chunks per tenant, ranked by the dot product of their vectors with the query's. */
export class InMemoryChunkIndex implements ChunkIndex {
  readonly chunks = new Map<string, IndexedChunk & { tenantId: TenantId }>();
  /** When set, every search throws it (a search service that does not answer). */
  failWith: Error | undefined;

  async put(tenantId: TenantId, chunks: readonly IndexedChunk[]) {
    for (const chunk of chunks) this.chunks.set(`${tenantId}/${chunk.chunkId}`, { ...chunk, tenantId });
  }

  async removeDocument(tenantId: TenantId, documentId: string) {
    let removed = 0;
    for (const [key, chunk] of this.chunks) {
      if (chunk.tenantId === tenantId && chunk.documentId === documentId) {
        this.chunks.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async search(tenantId: TenantId, query: ChunkQuery): Promise<RetrievedChunk[]> {
    if (this.failWith) throw this.failWith;
    return [...this.chunks.values()]
      .filter((chunk) => chunk.tenantId === tenantId)
      .map((chunk) => ({
        chunk,
        score: chunk.vector.reduce((sum, v, i) => sum + v * (query.vector[i] ?? 0), 0),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, query.k)
      .map(({ chunk, score }) => ({
        chunkId: chunk.chunkId,
        documentId: chunk.documentId,
        title: chunk.title,
        ...(chunk.sourceUrl ? { sourceUrl: chunk.sourceUrl } : {}),
        text: chunk.text,
        headingPath: chunk.headingPath,
        score,
      }));
  }
}

/**
 * A toy embedder for use-case tests: one dimension per distinct lower-case word seen, in order (so
 * texts that share words point the same way).
 */
export class WordCountEmbedder implements Embedder {
  readonly model = "word-count-test";
  readonly dimensions = 64;
  readonly #words = new Map<string, number>();

  async embed(texts: readonly string[]) {
    return texts.map((text) => {
      const vector = new Array<number>(this.dimensions).fill(0);
      for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
        if (!this.#words.has(word)) this.#words.set(word, this.#words.size % this.dimensions);
        const at = this.#words.get(word) ?? 0;
        vector[at] = (vector[at] ?? 0) + 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return vector.map((v) => v / norm);
    });
  }
}
