/**
 * The knowledge-base use cases a tenant's users call: add a document, list, read and delete them.
 * Adding and deleting are audited (who, which document, its title) and publish an event; the indexer
 * chunks, embeds and indexes on the first and removes the chunks on the second (`ingest.ts`).
 */
import type { Acting, AuditType } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
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
  audit: Pick<AuditLog, "record">;
}

/**
 * Primary course: store the document (all its parts or none), audit it, then announce it for
 * indexing. A knowledge base holding `MAX_KNOWLEDGE_DOCUMENTS` takes no more (the store refuses: 409). A failure to audit fails the request before the event goes out.
 */
export async function addKnowledgeDocument(
  deps: KnowledgeDeps,
  tenantId: TenantId,
  input: KnowledgeDocumentInput,
  acting: Acting,
): Promise<KnowledgeDocument> {
  const document = await deps.documents.add(tenantId, { ...input, createdBy: acting.actor.userId });
  await audited(deps, tenantId, acting, "knowledge.document-added", document);
  await deps.events.added(tenantId, document, metaOf(acting));
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

/** Primary course: delete the document, audit it, then announce it so its chunks leave the index. */
export async function deleteKnowledgeDocument(
  deps: KnowledgeDeps,
  tenantId: TenantId,
  documentId: string,
  acting: Acting,
): Promise<void> {
  const removed = await deps.documents.remove(tenantId, documentId);
  if (!removed) throw new KnowledgeDocumentNotFoundError();
  await audited(deps, tenantId, acting, "knowledge.document-deleted", removed);
  await deps.events.deleted(tenantId, removed, metaOf(acting));
}

/** The audit entry of an added or deleted document: who, in which tenant, which document and its title. */
function audited(
  deps: Pick<KnowledgeDeps, "audit">,
  tenantId: TenantId,
  acting: Acting,
  type: Extract<AuditType, `knowledge.${string}`>,
  document: KnowledgeDocument,
): Promise<string> {
  return deps.audit.record({
    type,
    tenantId,
    target: { tenantId },
    ...acting,
    details: { documentId: document.documentId, title: document.title },
  });
}

function metaOf(acting: Acting): KnowledgeEventMeta {
  return { correlationId: acting.correlationId, actorId: acting.actor.userId };
}
