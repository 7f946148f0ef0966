import type { Principal } from "#shared/domain/access/principal";
import type { Recipient } from "#shared/domain/notifications/notification";
import type { ReadNotificationsDeps } from "#shared/domain/notifications/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** What the notification routes need; built once per cold start in `handler.ts`. */
export type NotificationsDeps = ReadNotificationsDeps;

/** The routes' auth, as the kit hands it to a tenant route (with the token's tenant) or a staff one. */
export type NotificationsAuth = { principal: Principal; tenantId?: TenantId };

/**
 * Whose notifications a request reads: always the caller's own, from the token. A tenant user's are
 * under their tenant; staff (no tenant) have theirs apart.
 */
export function recipientOf(auth: NotificationsAuth): Recipient {
  return auth.tenantId !== undefined
    ? { userId: auth.principal.userId, tenantId: auth.tenantId }
    : { userId: auth.principal.userId };
}
