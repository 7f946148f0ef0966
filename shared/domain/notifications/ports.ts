/**
 * The notifications context's ports. The DynamoDB adapter (`shared/adapters/dynamodb/notifications/`)
 * implements the repository; the identity repositories answer who is in a tenant and who reviews it.
 */
import type {
  ReviewerAssignmentRepository,
  TenantRepository,
  TenantUserRepository,
} from "#shared/domain/identity/ports";
import type { Page, PageRequest } from "#shared/domain/stored";
import type { NewNotification, Notification, NotificationRecord, Recipient } from "./notification.ts";

/**
 * Each user's notifications and their unread count. The count is exact: it changes only in the same
 * transaction as the notification whose read state it counts. Every method names the recipient;
 * another user's notification is treated as missing.
 */
export interface NotificationRepository {
  /**
   * Stores the notification and raises the recipient's unread count, at once — unless a notification
   * with its id exists (a redelivered event), which is answered as stored, with `created: false`.
   */
  create(
    recipient: Recipient,
    notification: NewNotification,
  ): Promise<{ notification: Notification; created: boolean }>;
  /** One of the recipient's notifications, read consistently; another user's → `undefined`. */
  get(recipient: Recipient, notificationId: string): Promise<Notification | undefined>;
  /** A page of the recipient's notifications, newest first (only the unread ones with `unread`). */
  list(recipient: Recipient, request: PageRequest & { unread?: boolean }): Promise<Page<NotificationRecord>>;
  /** How many of the recipient's notifications are unread, read consistently. */
  unreadCount(recipient: Recipient): Promise<number>;
  /**
   * Marks one notification read and lowers the count, at once; one already read is left as it is
   * (`changed: false`). Missing or another user's → `NotificationNotFoundError`.
   */
  markRead(
    recipient: Recipient,
    notificationId: string,
  ): Promise<{ notification: Notification; changed: boolean }>;
  /**
   * Marks up to `max` of the recipient's unread notifications read, lowering the count by exactly as
   * many; answers how many it marked. What is left (more than `max`, or some not yet listed by the
   * index) stays unread and counted.
   */
  markAllRead(recipient: Recipient, max: number): Promise<{ marked: number }>;
}

/** What the notifier reads about a tenant: its users, its reviewers and its name. */
export interface NotifyDeps {
  notifications: Pick<NotificationRepository, "create">;
  tenantUsers: Pick<TenantUserRepository, "list">;
  assignments: Pick<ReviewerAssignmentRepository, "list">;
  tenants: Pick<TenantRepository, "profile">;
}

/** What reading one's notifications needs. */
export interface ReadNotificationsDeps {
  notifications: NotificationRepository;
}
