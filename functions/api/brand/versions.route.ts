import type { brandRoutes } from "#shared/contracts/brand.routes";
import {
  acceptBrandProposal,
  dismissBrandProposal,
  getBrandVersion,
  listBrandVersions,
} from "#shared/domain/brand/brand";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type BrandRoutesDeps, brandVersionView } from "./deps.ts";

/** A page of the tenant's versions, newest first; the cursor is bound to this tenant's listing. */
export function listVersionsRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.listVersions> {
  return async ({ auth, query }) => {
    const page = await listBrandVersions(deps, auth.tenantId, query);
    return ok({
      items: page.items.map(brandVersionView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}

export function getVersionRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.getVersion> {
  return async ({ auth, params }) =>
    ok(brandVersionView(await getBrandVersion(deps, auth.tenantId, params.version)));
}

/** The same version, for a reviewer of the path's tenant (the kit checked the assignment). */
export function reviewVersionRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.reviewVersion> {
  return async ({ auth, params }) =>
    ok(brandVersionView(await getBrandVersion(deps, auth.tenantId, params.version)));
}

/** Accepts the pending proposal, as it is or edited (`acceptBrandProposal`); not pending → 409. */
export function acceptRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.accept> {
  return async (request) => {
    const edited = request.body?.profile;
    const accepted = await acceptBrandProposal(deps, request.auth.tenantId, {
      versionNumber: request.params.version,
      ...(edited ? { edited } : {}),
      acting: actingOf(request),
    });
    return ok(brandVersionView(accepted));
  };
}

/** Dismisses the pending proposal (`dismissBrandProposal`); not pending → 409. */
export function dismissRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.dismiss> {
  return async (request) => {
    const reason = request.body?.reason;
    const dismissed = await dismissBrandProposal(deps, request.auth.tenantId, {
      versionNumber: request.params.version,
      ...(reason === undefined ? {} : { reason }),
      acting: actingOf(request),
    });
    return ok(brandVersionView(dismissed));
  };
}
