/**
 * The notifier: the event rule that sends it the events someone is told about, and how those
 * events are read off the bus. Who is told of what is the domain's (`audiences.ts`); the rule's
 * filter is built from the same table, so it delivers exactly the events that notify someone.
 */
import { NOTIFYING_STATUSES } from "#shared/domain/notifications/audiences";
import type { EventRuleDeclaration } from "#shared/platform/declaration/types";
import { AGENT_EVENT_SOURCE, agentFailed } from "./agent-pipeline.ts";
import { CONTENT_EVENT_SOURCE, contentStatusChanged } from "./content-events.ts";
import { type TenantEventOnTheBus, tenantEventOnTheBus } from "./tenant-event.ts";

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

/** An event as EventBridge hands it to the notifier, its `detail` still to be read by type. */
export const notifierEvent = tenantEventOnTheBus;
export type NotifierEvent = TenantEventOnTheBus;
