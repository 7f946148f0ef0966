/**
 * The events the realtime fan-out forwards to sockets, and how one becomes a `RealtimeEvent`: the
 * envelope and the data are validated against the event's own schema, the tenant comes from the
 * envelope (never from data a client could have shaped), and `notification.created` is addressed to
 * its one user.
 */
import * as z from "zod/mini";
import type { RealtimeEvent } from "#shared/domain/realtime/message";
import { tenantIdSchema } from "#shared/domain/tenancy/tenant-id";
import { AGENT_EVENT_SOURCE, agentCompleted, agentFailed, agentProgress } from "./agent-pipeline.ts";
import {
  CONTENT_EVENT_SOURCE,
  contentStatusChanged,
  NOTIFICATION_EVENT_SOURCE,
  notificationCreated,
} from "./content-events.ts";
import type { EventDefinition } from "./event-definition.ts";

/** Every event a socket may receive, by detail-type. */
export const REALTIME_EVENTS = {
  [agentProgress.detailType]: agentProgress,
  [agentCompleted.detailType]: agentCompleted,
  [agentFailed.detailType]: agentFailed,
  [contentStatusChanged.detailType]: contentStatusChanged,
  [notificationCreated.detailType]: notificationCreated,
} as const satisfies Record<string, EventDefinition>;

/** The event pattern of the fan-out's rule: these sources, these detail-types. */
export const realtimeEventPattern = {
  source: [AGENT_EVENT_SOURCE, CONTENT_EVENT_SOURCE, NOTIFICATION_EVENT_SOURCE],
  "detail-type": Object.keys(REALTIME_EVENTS),
};

const envelopeSchema = z.object({
  "detail-type": z.string(),
  detail: z.object({
    metadata: z.object({
      correlationId: z.string().check(z.minLength(1)),
      tenantId: z.optional(tenantIdSchema),
    }),
    data: z.record(z.string(), z.unknown()),
  }),
});

const optionalString = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The realtime event an EventBridge delivery carries; an event of another type, or one that does not
 * match its schema, throws (EventBridge retries it, then the events DLQ keeps it: nothing is dropped
 * silently).
 */
export function realtimeEventOf(delivery: unknown): RealtimeEvent {
  const envelope = z.parse(envelopeSchema, delivery);
  const type = envelope["detail-type"];
  const definition = (REALTIME_EVENTS as Record<string, EventDefinition | undefined>)[type];
  if (!definition) throw new Error(`The realtime fan-out does not forward ${type} events`);
  const data = z.parse(definition.schema, envelope.detail.data) as Record<string, unknown>;
  const { metadata } = envelope.detail;
  const runId = optionalString(data.runId);
  const contentId = optionalString(data.contentId);
  const userId = type === notificationCreated.detailType ? optionalString(data.userId) : undefined;
  return {
    type,
    correlationId: metadata.correlationId,
    data,
    ...(metadata.tenantId === undefined ? {} : { tenantId: metadata.tenantId }),
    ...(runId === undefined ? {} : { runId }),
    ...(contentId === undefined ? {} : { contentId }),
    ...(userId === undefined ? {} : { userId }),
  };
}
