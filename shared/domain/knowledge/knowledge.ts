/**
 * The knowledge-base use cases a tenant's users call: add a document, list, read and delete them.
 * Adding and deleting publish an event; the indexer chunks, embeds and indexes on the first and
 * removes the chunks on the second (`ingest.ts`).
 */
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { KnowledgeDocument, KnowledgeDocumentInput, KnowledgeDocumentWithBody } from "./document.ts";
import { KnowledgeDocumentNotFoundError } from "./errors.ts";
import type {
  KnowledgeDocumentPage,
  KnowledgeEventMeta,
  KnowledgeEvents,
  KnowledgeRepository,
} from "./ports.ts";

export interface KnowledgeDeps {
  documents: KnowledgeRepository;
  events: KnowledgeEvents;
}

/** Primary course: store the document (all its parts or none), then announce it for indexing. */
export async function addKnowledgeDocument(
  deps: KnowledgeDeps,
  tenantId: TenantId,
  input: KnowledgeDocumentInput,
  meta: KnowledgeEventMeta,
): Promise<KnowledgeDocument> {
  const document = await deps.documents.add(tenantId, { ...input, createdBy: meta.actorId });
  await deps.events.added(tenantId, document, meta);
  return document;
}

export function listKnowledgeDocuments(
  deps: Pick<KnowledgeDeps, "documents">,
  tenantId: TenantId,
  page: PageRequest,
): Promise<KnowledgeDocumentPage> {
  return deps.documents.list(tenantId, page);
}

export async function getKnowledgeDocument(
  deps: Pick<KnowledgeDeps, "documents">,
  tenantId: TenantId,
  documentId: string,
): Promise<KnowledgeDocumentWithBody> {
  const document = await deps.documents.get(tenantId, documentId);
  if (!document) throw new KnowledgeDocumentNotFoundError();
  return document;
}

/** Primary course: delete the document, then announce it so its chunks leave the index. */
export async function deleteKnowledgeDocument(
  deps: KnowledgeDeps,
  tenantId: TenantId,
  documentId: string,
  meta: KnowledgeEventMeta,
): Promise<void> {
  const removed = await deps.documents.remove(tenantId, documentId);
  if (!removed) throw new KnowledgeDocumentNotFoundError();
  await deps.events.deleted(tenantId, removed, meta);
}
