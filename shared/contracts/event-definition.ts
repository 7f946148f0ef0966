/**
 * How a domain event is declared: its `detail-type` and the zod schema of its data, the envelope
 * every event's `detail` travels in, and the port that publishes them. Contracts declare events with
 * it; the EventBridge adapter (`shared/adapters/events.ts`) implements the port.
 */
import type { $ZodType, input } from "zod/v4/core";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** A domain event type: its `detail-type` and the schema of its data. */
export interface EventDefinition<S extends $ZodType = $ZodType> {
  detailType: string;
  schema: S;
}

export function defineEvent<S extends $ZodType>(detailType: string, schema: S): EventDefinition<S> {
  return { detailType, schema };
}

/** The `detail` of every domain event: metadata that travels with it, then the data. */
export interface EventEnvelope<T> {
  metadata: { eventId: string; correlationId: string; tenantId?: string; occurredAt: string };
  data: T;
}

/** What travels with an event besides its data. */
export interface EventMeta {
  correlationId: string;
  /** The tenant the event concerns, when there is one. */
  tenantId?: TenantId;
}

/** Publishes domain events (the port; `createEventPublisher` is the EventBridge adapter). */
export interface EventPublisher {
  /**
   * Validates `data` against the event's schema, then publishes it in its envelope; answers the
   * event's id. Data that does not match, or an entry the bus refuses, throws: an event is never
   * dropped silently.
   */
  publish<S extends $ZodType>(event: EventDefinition<S>, data: input<S>, meta: EventMeta): Promise<string>;
}
