/**
 * A person's own notifications: the unread count with a page of them (newest first), marking one
 * read, marking all read. The recipient always comes from the caller's token, never the request.
 */
import type { PageRequest } from "#shared/domain/stored";
import { NotificationNotFoundError } from "./errors.ts";
import { type Notification, notificationView, type Recipient } from "./notification.ts";
import type { ReadNotificationsDeps } from "./ports.ts";

/**
 * The most notifications one "mark all read" marks. It writes them in transactions of a few dozen,
 * so the request stays well inside its timeout; a caller with more unread sees a count above zero and
 * asks again.
 */
export const MARK_ALL_READ_LIMIT = 500;

export type NotificationView = ReturnType<typeof notificationView>;

/** The unread count and a page of the recipient's notifications, newest first. */
export async function listNotifications(
  deps: ReadNotificationsDeps,
  recipient: Recipient,
  request: PageRequest & { unread?: boolean },
): Promise<{ unreadCount: number; items: NotificationView[]; nextCursor?: string }> {
  const [unreadCount, page] = await Promise.all([
    deps.notifications.unreadCount(recipient),
    deps.notifications.list(recipient, request),
  ]);
  return {
    unreadCount,
    items: page.items.map(notificationView),
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
  };
}

/** Marks one of the recipient's notifications read (again: no change); another's → 404. */
export async function markNotificationRead(
  deps: ReadNotificationsDeps,
  recipient: Recipient,
  notificationId: string,
): Promise<{ notification: NotificationView; unreadCount: number }> {
  const existing: Notification | undefined = await deps.notifications.get(recipient, notificationId);
  if (existing === undefined) throw new NotificationNotFoundError();
  const { notification } =
    existing.readAt === undefined
      ? await deps.notifications.markRead(recipient, notificationId)
      : { notification: existing };
  return {
    notification: notificationView(notification),
    unreadCount: await deps.notifications.unreadCount(recipient),
  };
}

/** Marks the recipient's unread notifications read, up to `MARK_ALL_READ_LIMIT` of them. */
export async function markAllNotificationsRead(
  deps: ReadNotificationsDeps,
  recipient: Recipient,
): Promise<{ marked: number; unreadCount: number }> {
  const { marked } = await deps.notifications.markAllRead(recipient, MARK_ALL_READ_LIMIT);
  return { marked, unreadCount: await deps.notifications.unreadCount(recipient) };
}
