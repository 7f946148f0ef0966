/**
 * The notifier, target of the `notifier` event rule. For each event it first stores the
 * notifications (`notifyFromEvent`, idempotent per event and user), then announces each stored one
 * with `notification.created`. Storing first means a failed announcement loses no notification: the
 * person still finds it in their list and unread count. A failed announcement is logged with the
 * correlation id and fails the invocation, so Lambda retries it (twice, then the events DLQ): the
 * retry creates nothing twice, yet announces every notification of the event again, since the one
 * that failed may have been created by the earlier attempt. Consumers of `notification.created` may
 * therefore see one twice (EventBridge delivers at least once anyway) and key on `notificationId`.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { createNotificationRepository } from "#shared/adapters/dynamodb/notifications/notifications-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { NOTIFICATION_EVENT_SOURCE, notificationCreated } from "#shared/contracts/content-events";
import { notifierRule } from "#shared/contracts/notifier";
import type { Notification } from "#shared/domain/notifications/notification";
import { notifyFromEvent } from "#shared/domain/notifications/notify-from-event";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/observability";
import { readEvent } from "./read-event.ts";

const bound = loadBindings(notifierRule.target.bindings);
const table = await openTable(bound);
const identity = createIdentityRepositories(table);
const deps = {
  notifications: createNotificationRepository(table),
  tenantUsers: identity.tenantUsers,
  assignments: identity.assignments,
  tenants: identity.tenants,
};
const events = createEventPublisher({
  client: new EventBridgeClient({}),
  busName: bound.eventBusName,
  source: NOTIFICATION_EVENT_SOURCE,
});

/** Announcements sent at once. */
const CONCURRENT_PUBLISHES = 10;

export async function handler(raw: unknown): Promise<{ created: number; announced: number }> {
  logger.resetKeys();
  const eventId = typeof raw === "object" && raw !== null && "id" in raw ? String(raw.id) : undefined;
  let read: ReturnType<typeof readEvent>;
  try {
    read = readEvent(raw);
  } catch (error) {
    logger.error("The notifier could not read an event", { eventBridgeId: eventId, error });
    throw error;
  }
  const { tenantId, correlationId, event } = read;
  logger.appendKeys({ correlation_id: correlationId, tenant_id: tenantId, event_id: event.eventId });

  const { notifications, created } = await notifyFromEvent(deps, tenantId, event);
  const failed: Notification[] = [];
  for (let i = 0; i < notifications.length; i += CONCURRENT_PUBLISHES) {
    const batch = notifications.slice(i, i + CONCURRENT_PUBLISHES);
    const settled = await Promise.allSettled(
      batch.map((n) =>
        events.publish(
          notificationCreated,
          {
            notificationId: n.id,
            userId: n.userId,
            kind: n.kind,
            ...(n.contentId !== undefined ? { contentId: n.contentId } : {}),
            ...(n.runId !== undefined ? { runId: n.runId } : {}),
          },
          { correlationId, tenantId },
        ),
      ),
    );
    settled.forEach((result, j) => {
      const n = batch[j];
      if (result.status === "fulfilled" || n === undefined) return;
      failed.push(n);
      logger.error("Could not announce a stored notification", {
        notificationId: n.id,
        userId: n.userId,
        error: result.reason,
      });
    });
  }
  logger.info("Notified", {
    type: event.type,
    notified: notifications.length,
    created,
    failed: failed.length,
  });
  if (failed.length > 0) {
    // Fail the invocation: Lambda retries it, and the retry announces again (creation is idempotent).
    throw new Error(
      `${failed.length} of ${notifications.length} notification.created events were not published (stored notifications are kept)`,
    );
  }
  return { created, announced: notifications.length };
}
