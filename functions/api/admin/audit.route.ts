import type { adminRoutes } from "#shared/contracts/admin.routes";
import { auditEntryView } from "#shared/domain/audit/audit-entry";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AdminDeps } from "./deps.ts";

/** A page of the audit log, newest first: all of it, one tenant's, one type's, or both. */
export function auditRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.audit> {
  return async ({ query }) => {
    const page = await deps.audit.list(query);
    return ok({
      items: page.items.map(auditEntryView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}
