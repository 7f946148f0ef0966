import type { adminRoutes } from "#shared/contracts/admin.routes";
import { TenantNotFoundError } from "#shared/domain/identity/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type AdminDeps, recordAudit } from "./deps.ts";

/** A super-admin grants a tenant credits: one guarded update and its ledger entry, then the audit entry. */
export function grantCreditsRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.grantCredits> {
  return async (request) => {
    const tenantId = parseTenantId(request.params.tenantId);
    if (!(await deps.store.tenant(tenantId))) {
      throw new TenantNotFoundError(tenantId);
    }
    await deps.credits.grant(tenantId, {
      amount: request.body.amount,
      reason: request.body.reason,
      actorId: request.auth.principal.userId,
      correlationId: request.requestId,
    });
    await recordAudit(deps, request, {
      type: "credits.granted",
      target: { tenantId },
      tenantId,
      details: { amount: request.body.amount, reason: request.body.reason },
    });
    const balance = await deps.credits.balance(tenantId);
    return ok({ tenantId, balance: balance.available, reserved: balance.reserved, granted: balance.granted });
  };
}
