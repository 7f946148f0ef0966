import type { notificationsRoutes } from "#shared/contracts/notifications.routes";
import { listNotifications } from "#shared/domain/notifications/read-notifications";
import type { RouteHandler, RouteRequest } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type NotificationsDeps, recipientOf } from "./deps.ts";

type Tenant = typeof notificationsRoutes.list;
type Staff = typeof notificationsRoutes.staffList;

/** The caller's unread count and a page of their notifications; the cursor is bound to their listing. */
export function listRoute(deps: NotificationsDeps): RouteHandler<Tenant> & RouteHandler<Staff> {
  return async ({ auth, query }: RouteRequest<Tenant> | RouteRequest<Staff>) =>
    ok(await listNotifications(deps, recipientOf(auth), query));
}
