import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { safeParse } from "zod/v4/core";
import { ulid } from "#shared/adapters/ulid";
import type { EventEnvelope, EventPublisher } from "#shared/contracts/event-definition";
import { type ClientSource, lazyClient } from "./lazy-client.ts";

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
  /**
   * The EventBridge client, or how to make it on the first publish (`lazy-client.ts`). Publishers that
   * should share a PutEvents need the same client: pass them one `lazyClient`.
   */
  client: ClientSource<EventBridgeClient>;
  busName: string;
  /** The `source` of every event this function publishes, e.g. `leadmetrics.content`. */
  source: string;
  now?: () => Date;
}

/** PutEvents takes at most 10 entries, of at most 256 KB in all. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

/** One event waiting for its PutEvents, and the publisher awaiting its id. */
interface Pending {
  entry: PutEventsRequestEntry;
  bytes: number;
  resolve(eventId: string): void;
  reject(error: unknown): void;
}

/** The events each client will send in its next PutEvents. */
const waiting = new WeakMap<EventBridgeClient, Pending[]>();

/**
 * Sends `pending` on `client` with whatever else its publishers publish in the same turn of the event
 * loop (the jobs of one batch reach their events together): one PutEvents of up to 10 entries instead
 * of one per event. Each publisher still gets its own entry's outcome.
 */
function send(client: EventBridgeClient, pending: Pending): void {
  let queue = waiting.get(client);
  if (!queue) {
    const batch: Pending[] = [];
    queue = batch;
    waiting.set(client, batch);
    setImmediate(() => {
      waiting.delete(client);
      for (const chunk of chunks(batch)) void putEvents(client, chunk);
    });
  }
  queue.push(pending);
}

/** The requests a batch takes: at most 10 entries and 256 KB each (an entry too large fails alone). */
function chunks(batch: readonly Pending[]): Pending[][] {
  const requests: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const pending of batch) {
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + pending.bytes > MAX_REQUEST_BYTES)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(pending);
    bytes += pending.bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

async function putEvents(client: EventBridgeClient, chunk: readonly Pending[]): Promise<void> {
  let result: PutEventsCommandOutput;
  try {
    result = await client.send(new PutEventsCommand({ Entries: chunk.map((p) => p.entry) }));
  } catch (error) {
    for (const pending of chunk) pending.reject(error);
    return;
  }
  chunk.forEach((pending, i) => {
    const entry = result.Entries?.[i];
    if (entry?.EventId && !entry.ErrorCode) pending.resolve(entry.EventId);
    else {
      pending.reject(
        new EventPublishError(
          `EventBridge refused ${pending.entry.DetailType}: ${entry?.ErrorCode ?? "unknown"} ${entry?.ErrorMessage ?? ""}`.trim(),
        ),
      );
    }
  });
}

/**
 * Publishes zod-validated domain events to the platform bus. Each carries the correlation id (and the
 * tenant, when there is one) in its envelope; an entry EventBridge refuses is an error, never dropped.
 * Events published in the same turn of the event loop on one client share a PutEvents (see `send`).
 */
export function createEventPublisher(options: EventPublisherOptions): EventPublisher {
  const now = options.now ?? (() => new Date());
  const client = lazyClient(options.client);
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
      const entry: PutEventsRequestEntry = {
        EventBusName: options.busName,
        Source: options.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(envelope),
        Time: now(),
      };
      // EventBridge's own measure of an entry: its strings in UTF-8, and 14 bytes for its time.
      const bytes =
        14 +
        Buffer.byteLength(options.source) +
        Buffer.byteLength(event.detailType) +
        Buffer.byteLength(entry.Detail ?? "");
      return new Promise<string>((resolve, reject) => send(client(), { entry, bytes, resolve, reject }));
    },
  };
}
