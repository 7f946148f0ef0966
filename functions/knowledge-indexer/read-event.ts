/**
 * Reads an event the knowledge indexer's rule delivered: the envelope (with a tenant), then the data
 * against its contract by `detail-type`. An event that does not match is an error (the invocation
 * fails and, after Lambda's retries, the event waits in the events DLQ), never dropped in silence.
 */
import { safeParse } from "zod/v4/core";
import { knowledgeDocumentAdded, knowledgeDocumentDeleted } from "#shared/contracts/knowledge-events";
import { tenantEventOnTheBus } from "#shared/contracts/tenant-event";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";

/** What the indexer acts on. */
export interface KnowledgeEvent {
  kind: "added" | "deleted";
  tenantId: TenantId;
  correlationId: string;
  eventId: string;
  documentId: string;
}

const issuesOf = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

export function readKnowledgeEvent(raw: unknown): KnowledgeEvent {
  const read = safeParse(tenantEventOnTheBus, raw);
  if (!read.success) throw new Error(`Not a domain event: ${issuesOf(read.error.issues)}`);
  const { "detail-type": type, detail } = read.data;
  const definition = [knowledgeDocumentAdded, knowledgeDocumentDeleted].find((d) => d.detailType === type);
  if (!definition) throw new Error(`The knowledge indexer does not handle ${type} events`);
  const data = safeParse(definition.schema, detail.data);
  if (!data.success) throw new Error(`${type}: ${issuesOf(data.error.issues)}`);
  return {
    kind: definition === knowledgeDocumentAdded ? "added" : "deleted",
    tenantId: parseTenantId(detail.metadata.tenantId),
    correlationId: detail.metadata.correlationId,
    eventId: detail.metadata.eventId,
    documentId: data.data.documentId,
  };
}
