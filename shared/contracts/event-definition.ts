/**
 * How a domain event is declared: its `detail-type` and the zod schema of its data, and the envelope
 * every event's `detail` travels in. Contracts declare events with it; the EventBridge adapter
 * (`shared/adapters/events.ts`) validates and publishes them.
 */
import type { $ZodType } from "zod/v4/core";

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
