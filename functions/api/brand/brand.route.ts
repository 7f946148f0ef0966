import type { brandRoutes } from "#shared/contracts/brand.routes";
import { getBrand, saveBrand } from "#shared/domain/brand/brand";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { type BrandRoutesDeps, brandVersionView } from "./deps.ts";

/** The accepted version and the pending proposal; `null` where there is none. */
export function getBrandRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.get> {
  return async ({ auth }) => {
    const brand = await getBrand(deps, auth.tenantId);
    return ok({
      current: brand.current ? brandVersionView(brand.current) : null,
      proposal: brand.proposal ? brandVersionView(brand.proposal) : null,
    });
  };
}

/** Saves the profile as a new accepted version (`saveBrand`); a stale `baseVersion` → 409. */
export function saveBrandRoute(deps: BrandRoutesDeps): RouteHandler<typeof brandRoutes.save> {
  return async (request) => {
    const saved = await saveBrand(deps, request.auth.tenantId, {
      profile: request.body.profile,
      baseVersion: request.body.baseVersion,
      acting: actingOf(request),
    });
    return ok(brandVersionView(saved));
  };
}
