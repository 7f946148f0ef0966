/**
 * A notification: something a person should look at (content waiting for their review, a decision
 * on their tenant's content, a failed run), stored per user with its read state. Tenant users keep
 * theirs under their tenant; platform staff (reviewers, super-admins), who have no tenant, under the
 * platform. The adapters decide the keys; the domain speaks of recipients.
 */
import { createHash } from "node:crypto";
import type { Stored } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** What a notification is about. */
export const NOTIFICATION_KINDS = [
  /** A content item waits for an assigned reviewer. */
  "review.waiting",
  /** A reviewer approved; the tenant's admins decide next (`reviewer-then-tenant`). */
  "review.tenant-waiting",
  "content.approved",
  "content.changes-requested",
  /** An agent's run failed (its credits were released). */
  "run.failed",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Whose notifications: a tenant user (with their tenant) or a member of the platform staff (no
 * tenant). Every read and write of notifications names one, so nobody reaches another's.
 */
export interface Recipient {
  userId: string;
  tenantId?: TenantId;
}

/** A notification as stored. */
export interface NotificationRecord {
  userId: string;
  /** The tenant the notification concerns (for staff too: the tenant whose content is waiting). */
  tenantId: string;
  kind: NotificationKind;
  /** One line a person reads. */
  title: string;
  /** A sentence or two a person reads. */
  summary: string;
  contentId?: string;
  runId?: string;
  /** The domain event it was created from (with the user, its idempotency key). */
  eventId: string;
  /** When the user read it; absent while unread. */
  readAt?: string;
}

export type Notification = Stored<NotificationRecord>;

/** A notification to store: its id is derived, so the same event and user always give the same one. */
export type NewNotification = Omit<NotificationRecord, "readAt"> & { id: string };

/**
 * The id of the notification an event gives a user: a digest of the event id and the user id, so a
 * redelivered event finds the notification it already created (a conditional create refuses the
 * second), and the id says nothing about either.
 */
export function notificationId(eventId: string, userId: string): string {
  const digest = createHash("sha256").update(`${eventId}\n${userId}`).digest("base64url");
  return `n${digest.slice(0, 32)}`;
}

/** What a person sees of a notification (the API's item). */
export function notificationView(notification: Notification) {
  return {
    id: notification.id,
    kind: notification.kind,
    title: notification.title,
    summary: notification.summary,
    tenantId: notification.tenantId,
    ...(notification.contentId !== undefined ? { contentId: notification.contentId } : {}),
    ...(notification.runId !== undefined ? { runId: notification.runId } : {}),
    createdAt: notification.createdAt,
    ...(notification.readAt !== undefined ? { readAt: notification.readAt } : {}),
  };
}
