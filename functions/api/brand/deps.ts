import type { BrandDeps } from "#shared/domain/brand/brand";
import type { BrandVersion } from "#shared/domain/brand/brand-version";

/** What the brand routes need; built once per cold start in `handler.ts`. */
export type BrandRoutesDeps = BrandDeps;

/** What a tenant's users see of a brand version: its number, status, profile, author and times. */
export function brandVersionView(version: BrandVersion) {
  return {
    version: version.versionNumber,
    status: version.status,
    profile: version.profile,
    origin: version.origin,
    createdAt: version.createdAt,
    ...(version.statusChange ? { statusChange: version.statusChange } : {}),
  };
}
