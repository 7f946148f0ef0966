/**
 * Reads an event the indexer's rule delivered: the envelope (with a tenant), and the dispatch entry
 * of its `detail-type`. An event that does not match is an error (the invocation fails and, after
 * Lambda's retries, the event waits in the events DLQ), never dropped in silence.
 */
import { safeParse } from "zod/v4/core";
import { indexerEvent } from "#shared/contracts/search-indexer";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ChangeReader } from "./dispatch.ts";

/** An event the indexer cannot read: the invocation fails, and the event ends in the DLQ. */
export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadableEventError";
  }
}

/** A schema's complaints as one line. */
export function issuesOf(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

export interface ReadIndexerEvent {
  tenantId: TenantId;
  correlationId: string;
  eventId: string;
  detailType: string;
  data: unknown;
  reader: ChangeReader;
}

export function readIndexerEvent(
  raw: unknown,
  table: Readonly<Record<string, ChangeReader>>,
): ReadIndexerEvent {
  const envelope = safeParse(indexerEvent, raw);
  if (!envelope.success) {
    throw new UnreadableEventError(`Not a domain event: ${issuesOf(envelope.error.issues)}`);
  }
  const { detail, "detail-type": detailType } = envelope.data;
  const reader = Object.hasOwn(table, detailType) ? table[detailType] : undefined;
  if (!reader) throw new UnreadableEventError(`The search indexer does not handle ${detailType} events`);
  return {
    tenantId: parseTenantId(detail.metadata.tenantId),
    correlationId: detail.metadata.correlationId,
    eventId: detail.metadata.eventId,
    detailType,
    data: detail.data,
    reader,
  };
}
