import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { ulid } from "ulid";
import { safeParse } from "zod/v4/core";
import type { EventEnvelope, EventPublisher } from "#shared/contracts/event-definition";
import { traceAwsClient } from "#shared/platform/tracing/aws-client-tracing";

export class EventValidationError extends Error {
  constructor(
    readonly detailType: string,
    readonly issues: readonly { path: PropertyKey[]; message: string }[],
  ) {
    super(
      `Event ${detailType} does not match its schema: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    this.name = "EventValidationError";
  }
}

export class EventPublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EventPublishError";
  }
}

export interface EventPublisherOptions {
  client: EventBridgeClient;
  busName: string;
  /** The `source` of every event this function publishes, e.g. `leadmetrics.content`. */
  source: string;
  now?: () => Date;
}

/**
 * Publishes zod-validated domain events to the platform bus. Each carries the correlation id (and the
 * tenant, when there is one) in its envelope; an entry EventBridge refuses is an error, never dropped.
 */
export function createEventPublisher(options: EventPublisherOptions): EventPublisher {
  const now = options.now ?? (() => new Date());
  traceAwsClient(options.client);
  return {
    async publish(event, data, meta) {
      const parsed = safeParse(event.schema, data);
      if (!parsed.success) throw new EventValidationError(event.detailType, parsed.error.issues);
      const envelope: EventEnvelope<unknown> = {
        metadata: {
          eventId: ulid(),
          correlationId: meta.correlationId,
          tenantId: meta.tenantId,
          occurredAt: now().toISOString(),
        },
        data: parsed.data,
      };
      const result = await options.client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: options.busName,
              Source: options.source,
              DetailType: event.detailType,
              Detail: JSON.stringify(envelope),
              Time: now(),
            },
          ],
        }),
      );
      const entry = result.Entries?.[0];
      if ((result.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
        throw new EventPublishError(
          `EventBridge refused ${event.detailType}: ${entry?.ErrorCode ?? "unknown"} ${entry?.ErrorMessage ?? ""}`.trim(),
        );
      }
      return entry.EventId;
    },
  };
}
