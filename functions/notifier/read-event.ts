/**
 * Reads an event the notifier's rule delivered: the envelope (with a tenant), then the data against
 * its contract by `detail-type`. An event that does not match is an error (the invocation fails and,
 * after Lambda's retries, the event waits in the events DLQ), never dropped in silence.
 */
import { safeParse } from "zod/v4/core";
import { agentFailed } from "#shared/contracts/agent-pipeline";
import { contentStatusChanged } from "#shared/contracts/content-events";
import { type NotifierEvent, notifierEvent } from "#shared/contracts/notifier";
import type { NotifiableEvent } from "#shared/domain/notifications/audiences";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";

/** An event the notifier cannot read. */
export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadableEventError";
  }
}

/** What the notifier acts on: the tenant, the correlation id and the event as the domain sees it. */
export interface ReadEvent {
  tenantId: TenantId;
  correlationId: string;
  event: NotifiableEvent;
}

const issuesOf = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

export function readEvent(raw: unknown): ReadEvent {
  const envelope = safeParse(notifierEvent, raw);
  if (!envelope.success)
    throw new UnreadableEventError(`Not a domain event: ${issuesOf(envelope.error.issues)}`);
  const { detail } = envelope.data;
  const tenantId = parseTenantId(detail.metadata.tenantId);
  return { tenantId, correlationId: detail.metadata.correlationId, event: domainEvent(envelope.data) };
}

function domainEvent({ "detail-type": type, detail }: NotifierEvent): NotifiableEvent {
  const eventId = detail.metadata.eventId;
  if (type === contentStatusChanged.detailType) {
    const data = safeParse(contentStatusChanged.schema, detail.data);
    if (!data.success) throw new UnreadableEventError(`${type}: ${issuesOf(data.error.issues)}`);
    return { type: "content.status-changed", eventId, ...data.data };
  }
  if (type === agentFailed.detailType) {
    const data = safeParse(agentFailed.schema, detail.data);
    if (!data.success) throw new UnreadableEventError(`${type}: ${issuesOf(data.error.issues)}`);
    return {
      type: "agent.failed",
      eventId,
      runId: data.data.runId,
      role: data.data.role,
      reason: data.data.reason,
    };
  }
  throw new UnreadableEventError(`The notifier does not handle ${type} events`);
}
