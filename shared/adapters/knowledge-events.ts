/** The knowledge context's `KnowledgeEvents` port as `knowledge.document-*` on the platform bus. */
import type { EventPublisher } from "#shared/contracts/event-definition";
import { knowledgeDocumentAdded, knowledgeDocumentDeleted } from "#shared/contracts/knowledge-events";
import type { KnowledgeEvents } from "#shared/domain/knowledge/ports";

/** `events` publishes with the knowledge source (`KNOWLEDGE_EVENT_SOURCE`). */
export function createKnowledgeEvents(events: EventPublisher): KnowledgeEvents {
  return {
    async added(tenantId, document, meta) {
      await events.publish(
        knowledgeDocumentAdded,
        {
          documentId: document.documentId,
          title: document.title,
          bytes: document.bytes,
          actorId: meta.actorId,
        },
        { correlationId: meta.correlationId, tenantId },
      );
    },
    async deleted(tenantId, document, meta) {
      await events.publish(
        knowledgeDocumentDeleted,
        { documentId: document.documentId, title: document.title, actorId: meta.actorId },
        { correlationId: meta.correlationId, tenantId },
      );
    },
  };
}
