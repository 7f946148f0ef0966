/**
 * The notifier: the event rule that sends it the events someone is told about, and how those
 * events are read off the bus. Who is told of what is the domain's (`audiences.ts`); the rule's
 * filter is built from the same table, so it delivers exactly the events that notify someone.
 */
import * as z from "zod/mini";
import { NOTIFYING_STATUSES } from "#shared/domain/notifications/audiences";
import type { EventRuleDeclaration } from "#shared/platform/declaration/types";
import { AGENT_EVENT_SOURCE, agentFailed } from "./agent-pipeline.ts";
import { CONTENT_EVENT_SOURCE, contentStatusChanged } from "./content-events.ts";

export const notifierRule = {
  name: "notifier",
  description:
    "Stores a notification per person for content waiting for review or decided, and failed runs; then announces each (notification.created).",
  pattern: {
    $or: [
      {
        source: [CONTENT_EVENT_SOURCE],
        "detail-type": [contentStatusChanged.detailType],
        detail: { data: { to: [...NOTIFYING_STATUSES] } },
      },
      { source: [AGENT_EVENT_SOURCE], "detail-type": [agentFailed.detailType] },
    ],
  },
  target: {
    entry: "functions/notifier/handler.ts",
    // A tenant's every user may be told; each notification is one small transaction.
    timeoutSeconds: 30,
    bindings: { table: "readwrite", events: true },
  },
} as const satisfies EventRuleDeclaration;

/** The envelope's metadata (`EventEnvelope`), as the notifier requires it: with a tenant. */
const metadata = z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(128)),
  correlationId: z.string(),
  tenantId: z.string(),
  occurredAt: z.string(),
});

/** An event as EventBridge hands it to the notifier, its `detail` still to be read by type. */
export const notifierEvent = z.object({
  id: z.string(),
  source: z.string(),
  "detail-type": z.string(),
  detail: z.object({ metadata, data: z.unknown() }),
});
export type NotifierEvent = z.infer<typeof notifierEvent>;
