import type { adminRoutes } from "#shared/contracts/admin.routes";
import { auditEntryView, type StoredAuditEntry } from "#shared/domain/audit/audit-entry";
import { isTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AdminDeps } from "./deps.ts";

/**
 * A page of the audit log, newest first: all of it, one tenant's, one type's, or both. Each entry
 * names its actor, and the user and tenant it was done to, as they are named now: the page's users
 * and tenants are read together, in one round trip.
 */
export function auditRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.audit> {
  return async ({ query }) => {
    const page = await deps.audit.list(query);
    const entries = page.items.map(auditEntryView);
    const userIds = entries.flatMap((e) => [e.actor?.userId, e.target?.userId]).filter(isDefined);
    const tenantIds = entries.map((e) => e.target?.tenantId).filter(isTenantId);
    const [users, tenants] = await Promise.all([deps.userNames(userIds), deps.tenantNames(tenantIds)]);
    return ok({
      items: entries.map((entry) => named(entry, users, tenants)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}

function named(
  entry: StoredAuditEntry,
  users: ReadonlyMap<string, string>,
  tenants: ReadonlyMap<TenantId, string>,
) {
  const { actor, target } = entry;
  const actorName = actor && users.get(actor.userId);
  const userName = target?.userId === undefined ? undefined : users.get(target.userId);
  const tenantName =
    target?.tenantId && isTenantId(target.tenantId) ? tenants.get(target.tenantId) : undefined;
  return {
    ...entry,
    ...(actor ? { actor: { ...actor, ...(actorName === undefined ? {} : { name: actorName }) } } : {}),
    ...(target
      ? {
          target: {
            ...target,
            ...(userName === undefined ? {} : { userName }),
            ...(tenantName === undefined ? {} : { tenantName }),
          },
        }
      : {}),
  };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
