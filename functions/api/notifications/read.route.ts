import type { notificationsRoutes } from "#shared/contracts/notifications.routes";
import { markNotificationRead } from "#shared/domain/notifications/read-notifications";
import type { RouteHandler, RouteRequest } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type NotificationsDeps, recipientOf } from "./deps.ts";

type Tenant = typeof notificationsRoutes.read;
type Staff = typeof notificationsRoutes.staffRead;

/** Marks one of the caller's notifications read; anyone else's id is 404. */
export function readRoute(deps: NotificationsDeps): RouteHandler<Tenant> & RouteHandler<Staff> {
  return async ({ auth, params }: RouteRequest<Tenant> | RouteRequest<Staff>) =>
    ok(await markNotificationRead(deps, recipientOf(auth), params.notificationId));
}
