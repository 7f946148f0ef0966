import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { NOTIFICATION_KINDS } from "#shared/domain/notifications/notification";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";
import { count, timestamp } from "./response-views.ts";

/** Every tenant user reads their own notifications; the tenant is the token's. */
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
/** Staff (reviewers, and super-admins, who satisfy `reviewer`) read theirs; they hold no tenant. */
const staff = { role: "reviewer", tenant: { from: "none" } } as const satisfies RouteAccess;

const notificationId = z.string().check(z.regex(/^n[A-Za-z0-9_-]{32}$/));
const listQuery = z.strictObject({
  ...pageQuery,
  /** `true`: only the unread ones. */
  unread: z.optional(
    z.pipe(
      z.enum(["true", "false"]),
      z.transform((v) => v === "true"),
    ),
  ),
});
const idPath = z.strictObject({ notificationId });

/** One notification as its recipient sees it; `readAt` is absent while it is unread. */
export const notification = z.strictObject({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  summary: z.string(),
  /** The tenant it concerns (for staff too: the tenant whose content is waiting). */
  tenantId: z.string(),
  contentId: z.optional(z.string()),
  runId: z.optional(z.string()),
  createdAt: timestamp,
  readAt: z.optional(timestamp),
});
export type NotificationView = z.output<typeof notification>;

export const notificationListing = z.strictObject({
  unreadCount: count,
  items: z.array(notification),
  nextCursor: z.optional(z.string()),
});
export type NotificationListing = z.output<typeof notificationListing>;

export const notificationRead = z.strictObject({ notification, unreadCount: count });
export type NotificationRead = z.output<typeof notificationRead>;

export const notificationsReadAll = z.strictObject({
  /** How many this call marked (at most 500; with more unread, `unreadCount` stays above 0). */
  marked: count,
  unreadCount: count,
});
export type NotificationsReadAll = z.output<typeof notificationsReadAll>;

/** The three routes of one audience: list, mark one read, mark all read. */
function routesOf<const B extends string, const A extends RouteAccess>(base: B, access: A) {
  return {
    list: {
      method: "GET",
      path: `${base}/notifications`,
      summary: "My notifications, newest first, with the unread count (`unread=true`: only the unread ones).",
      access,
      query: listQuery,
      response: notificationListing,
    },
    read: {
      method: "POST",
      path: `${base}/notifications/{notificationId}/read`,
      summary: "Mark one of my notifications read (again: no change); anyone else's is 404.",
      access,
      params: idPath,
      response: notificationRead,
    },
    readAll: {
      method: "POST",
      path: `${base}/notifications/read-all`,
      summary:
        "Mark my unread notifications read, up to 500 a call (the answer's unread count says what is left).",
      access,
      response: notificationsReadAll,
    },
  } as const satisfies Record<string, RouteDeclaration>;
}

const tenant = routesOf("/api/tenant/v1", member);
const dm = routesOf("/api/dm/v1", staff);

/** A tenant user's notifications (`/api/tenant/v1`) and a staff member's (`/api/dm/v1`). */
export const notificationsRoutes = {
  list: tenant.list,
  read: tenant.read,
  readAll: tenant.readAll,
  staffList: dm.list,
  staffRead: dm.read,
  staffReadAll: dm.readAll,
} as const satisfies Record<string, RouteDeclaration>;

export const notificationsApi = {
  domain: "notifications",
  entry: "functions/api/notifications/handler.ts",
  routes: notificationsRoutes,
  bindings: { table: "readwrite", secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;
