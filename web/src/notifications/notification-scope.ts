/**
 * Where a notification leads and which API routes an audience reads its notifications from: tenant
 * users under `/api/tenant/v1`, staff (reviewers and super-admins) under `/api/dm/v1`.
 */
import type { NotificationView } from "#shared/contracts/notifications.routes";
import type { ApiCall } from "../api/client.ts";
import type { QueryOf } from "../api/routes.ts";

export type NotificationScope = "tenant" | "staff";

/** The notification calls of an audience (the two audiences' routes answer the same shapes). */
export function notificationCalls(api: ApiCall, scope: NotificationScope) {
  return scope === "tenant"
    ? {
        list: (query: QueryOf<"GET /api/tenant/v1/notifications">) =>
          api("GET /api/tenant/v1/notifications", { query }),
        read: (notificationId: string) =>
          api("POST /api/tenant/v1/notifications/{notificationId}/read", { params: { notificationId } }),
        readAll: () => api("POST /api/tenant/v1/notifications/read-all"),
      }
    : {
        list: (query: QueryOf<"GET /api/dm/v1/notifications">) =>
          api("GET /api/dm/v1/notifications", { query }),
        read: (notificationId: string) =>
          api("POST /api/dm/v1/notifications/{notificationId}/read", { params: { notificationId } }),
        readAll: () => api("POST /api/dm/v1/notifications/read-all"),
      };
}

/** The notifications page of an audience. */
export function notificationsPath(scope: NotificationScope): string {
  return scope === "tenant" ? "/app/notifications" : "/review/notifications";
}

/** The audience whose notifications a role reads. */
export function scopeOf(role: string): NotificationScope {
  return role === "member" || role === "admin" ? "tenant" : "staff";
}

/** The page a notification is about: its content item (the review screen for staff), else its run. */
export function notificationLink(
  scope: NotificationScope,
  item: Pick<NotificationView, "tenantId" | "contentId" | "runId">,
): string | undefined {
  if (item.contentId) {
    const contentId = encodeURIComponent(item.contentId);
    return scope === "tenant"
      ? `/app/content/${contentId}`
      : `/review/tenants/${encodeURIComponent(item.tenantId)}/content/${contentId}`;
  }
  // Staff have no page for a tenant's run; tenants see its detail.
  if (item.runId && scope === "tenant") return `/app/runs/${encodeURIComponent(item.runId)}`;
  return undefined;
}
