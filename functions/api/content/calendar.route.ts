/** The calendar and the review policy. */
import type { contentRoutes } from "#shared/contracts/content.routes";
import { setReviewPolicy } from "#shared/domain/content/review-policy";
import { ValidationError } from "#shared/domain/errors";
import { TenantNotFoundError } from "#shared/domain/identity/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { ContentDeps } from "./deps.ts";
import { calendarEntryView } from "./views.ts";

type R = typeof contentRoutes;

const MAX_RANGE_MS = 366 * 24 * 3600 * 1000;

/** A date alone means the whole day (UTC): `to=2026-12-31` includes that day's items. */
function bound(value: string, end: boolean): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T${end ? "23:59:59.999" : "00:00:00.000"}Z`)
    : new Date(value);
}

export function calendarRoute(deps: ContentDeps): RouteHandler<R["calendar"]> {
  return async ({ auth, query }) => {
    const from = bound(query.from, false);
    const to = bound(query.to, true);
    if (to < from || to.getTime() - from.getTime() > MAX_RANGE_MS) {
      throw new ValidationError("The range must run forwards and span at most 366 days", [
        { in: "query", path: "to", message: 'Must be after "from", within 366 days' },
      ]);
    }
    const items = await deps.content.calendar(auth.tenantId, {
      from: from.toISOString(),
      to: to.toISOString(),
    });
    return ok({ from: from.toISOString(), to: to.toISOString(), items: items.map(calendarEntryView) });
  };
}

export function getReviewPolicyRoute(deps: ContentDeps): RouteHandler<R["getReviewPolicy"]> {
  return async ({ auth }) => ok(await deps.policies.get(auth.tenantId));
}

export function setReviewPolicyRoute(deps: ContentDeps): RouteHandler<R["setReviewPolicy"]> {
  return async (request) =>
    ok(
      await setReviewPolicy(deps, request.auth.tenantId, { policy: request.body.policy }, actingOf(request)),
    );
}

/** A super-admin's path may name any tenant id: one that does not exist is 404, and nothing is written. */
async function existingTenant(deps: ContentDeps, tenantId: TenantId): Promise<TenantId> {
  if (!(await deps.tenantExists(tenantId))) throw new TenantNotFoundError(tenantId);
  return tenantId;
}

export function tenantReviewPolicyRoute(deps: ContentDeps): RouteHandler<R["tenantReviewPolicy"]> {
  return async ({ auth }) => {
    // Read side by side: a read of a tenant that does not exist costs nothing but the 404.
    const [policy] = await Promise.all([
      deps.policies.get(auth.tenantId),
      existingTenant(deps, auth.tenantId),
    ]);
    return ok(policy);
  };
}

export function overrideReviewPolicyRoute(deps: ContentDeps): RouteHandler<R["overrideReviewPolicy"]> {
  return async (request) =>
    ok(
      await setReviewPolicy(
        deps,
        await existingTenant(deps, request.auth.tenantId),
        request.body,
        actingOf(request),
      ),
    );
}
