import type { notificationsRoutes } from "#shared/contracts/notifications.routes";
import { markAllNotificationsRead } from "#shared/domain/notifications/read-notifications";
import type { RouteHandler, RouteRequest } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type NotificationsDeps, recipientOf } from "./deps.ts";

type Tenant = typeof notificationsRoutes.readAll;
type Staff = typeof notificationsRoutes.staffReadAll;

/** Marks the caller's unread notifications read, a bounded number per call. */
export function readAllRoute(deps: NotificationsDeps): RouteHandler<Tenant> & RouteHandler<Staff> {
  return async ({ auth }: RouteRequest<Tenant> | RouteRequest<Staff>) =>
    ok(await markAllNotificationsRead(deps, recipientOf(auth)));
}
