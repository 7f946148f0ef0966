import { describe, expect, it } from "vitest";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { NotificationNotFoundError } from "./errors.ts";
import { notificationId, type Recipient } from "./notification.ts";
import {
  listNotifications,
  MARK_ALL_READ_LIMIT,
  markAllNotificationsRead,
  markNotificationRead,
} from "./read-notifications.ts";
import { fakeNotifications } from "./testing/in-memory.ts";

const TENANT = parseTenantId("tenant-a");
const ME: Recipient = { userId: "me", tenantId: TENANT };
const OTHER: Recipient = { userId: "other", tenantId: TENANT };

async function seeded(count: number, recipient: Recipient = ME) {
  const fake = fakeNotifications();
  for (let i = 0; i < count; i++) {
    await fake.notifications.create(recipient, {
      id: notificationId(`event-${i}`, recipient.userId),
      userId: recipient.userId,
      tenantId: TENANT,
      kind: "content.approved",
      title: `title ${i}`,
      summary: "summary",
      contentId: `content-${i}`,
      eventId: `event-${i}`,
    });
  }
  return fake;
}

describe("reading one's notifications", () => {
  it("answers the unread count and pages newest first", async () => {
    const { notifications } = await seeded(3);
    const first = await listNotifications({ notifications }, ME, { limit: 2 });
    expect(first.unreadCount).toBe(3);
    expect(first.items.map((n) => n.title)).toEqual(["title 2", "title 1"]);
    const second = await listNotifications({ notifications }, ME, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((n) => n.title)).toEqual(["title 0"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("marks one read once: the count drops by one, and a second read changes nothing", async () => {
    const { notifications } = await seeded(2);
    const id = notificationId("event-0", "me");
    const first = await markNotificationRead({ notifications }, ME, id);
    expect(first.unreadCount).toBe(1);
    expect(first.notification.readAt).toBeDefined();
    const again = await markNotificationRead({ notifications }, ME, id);
    expect(again.unreadCount).toBe(1);
    expect(again.notification.readAt).toBe(first.notification.readAt);
    const unread = await listNotifications({ notifications }, ME, { unread: true });
    expect(unread.items.map((n) => n.id)).toEqual([notificationId("event-1", "me")]);
  });

  it("answers 404 for another user's notification, and leaves it unread", async () => {
    const { notifications } = await seeded(1, OTHER);
    const id = notificationId("event-0", "other");
    await expect(markNotificationRead({ notifications }, ME, id)).rejects.toBeInstanceOf(
      NotificationNotFoundError,
    );
    expect(await notifications.unreadCount(OTHER)).toBe(1);
  });

  it("marks all read, at most the limit at a time, and the count says what is left", async () => {
    const { notifications } = await seeded(MARK_ALL_READ_LIMIT + 3);
    const first = await markAllNotificationsRead({ notifications }, ME);
    expect(first).toEqual({ marked: MARK_ALL_READ_LIMIT, unreadCount: 3 });
    const second = await markAllNotificationsRead({ notifications }, ME);
    expect(second).toEqual({ marked: 3, unreadCount: 0 });
  });
});
