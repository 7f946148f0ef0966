import type { tenantUsersRoutes } from "#shared/contracts/tenant-users.routes";
import { auditEntryView } from "#shared/domain/audit/audit-entry";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { TenantUsersDeps } from "./deps.ts";

/** A page of the caller's tenant's audit log, newest first, optionally of one type. */
export function auditRoute(deps: TenantUsersDeps): RouteHandler<typeof tenantUsersRoutes.audit> {
  return async ({ auth, query }) => {
    const page = await deps.audit.list({ ...query, tenantId: auth.tenantId });
    return ok({
      items: page.items.map(auditEntryView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}
