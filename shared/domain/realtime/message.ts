import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/**
 * One event as the fan-out receives it, whatever its source: its type (the event's detail-type), the
 * tenant it concerns, the correlation id born at the edge, and its data. `userId` is set exactly for
 * events addressed to one user (`notification.created`).
 */
export interface RealtimeEvent {
  type: string;
  tenantId?: TenantId;
  correlationId: string;
  runId?: string;
  contentId?: string;
  /** The one user the event is for; absent → everyone who hears the tenant. */
  userId?: string;
  data: Record<string, unknown>;
}

/**
 * What a socket receives, as JSON: `{ type, tenantId, runId?, contentId?, correlationId, data }`
 * (documented in the API reference, `docs/realtime.md`).
 */
export interface RealtimeMessage {
  type: string;
  tenantId?: string;
  runId?: string;
  contentId?: string;
  correlationId: string;
  data: Record<string, unknown>;
}

/** The message of an event: the same fields, in the documented order, without the audience. */
export function messageOf(event: RealtimeEvent): RealtimeMessage {
  return {
    type: event.type,
    ...(event.tenantId === undefined ? {} : { tenantId: event.tenantId }),
    ...(event.runId === undefined ? {} : { runId: event.runId }),
    ...(event.contentId === undefined ? {} : { contentId: event.contentId }),
    correlationId: event.correlationId,
    data: event.data,
  };
}
