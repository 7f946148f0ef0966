/**
 * Knowledge documents in the search index, so a tenant's search finds its own documents (type
 * `knowledge`): the title and the body (bounded), the format as the kind. A document is written once
 * and never edited, so its version is the time it was written (milliseconds), which never goes back;
 * once the document is gone it is removed whatever version is stored (its id is never used again).
 * The document's chunks (retrieval) follow in the same plan.
 */
import type { KnowledgeRepository } from "#shared/domain/knowledge/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { IndexPlan } from "../index-plan.ts";
import { bodyOf, type IndexChange, searchDocumentId } from "../search-document.ts";

export interface KnowledgeSourceDeps {
  documents: Pick<KnowledgeRepository, "get">;
}

/** The status of every indexed knowledge document: a stored document is in use until deleted. */
export const KNOWLEDGE_STATUS = "active";

/** The change that brings the index to the document's current state: written, or removed once gone. */
export async function knowledgeChange(
  deps: KnowledgeSourceDeps,
  tenantId: TenantId,
  documentId: string,
): Promise<IndexChange> {
  const id = searchDocumentId("knowledge", documentId);
  const document = await deps.documents.get(tenantId, documentId);
  if (!document) return { kind: "remove", id };
  return {
    kind: "put",
    document: {
      id,
      version: Date.parse(document.createdAt),
      fields: {
        type: "knowledge",
        itemId: documentId,
        kind: document.format,
        status: KNOWLEDGE_STATUS,
        title: document.title,
        body: bodyOf([document.body]),
        createdAt: document.createdAt,
        updatedAt: document.createdAt,
      },
    },
  };
}

/** The document's search document and its chunks, both brought to the document's current state. */
export async function knowledgePlan(
  deps: KnowledgeSourceDeps,
  tenantId: TenantId,
  documentId: string,
): Promise<IndexPlan> {
  return { change: await knowledgeChange(deps, tenantId, documentId), knowledgeChunks: documentId };
}
